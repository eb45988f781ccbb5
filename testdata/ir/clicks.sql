-- sluice: compile --ir
CREATE MATERIALIZED VIEW top_referrers
COMMENT 'top referrers'
AS SELECT referrer, sum(clicks) AS total
FROM clicks_clean
WHERE page_title = 'Apache_Spark'
GROUP BY referrer;
