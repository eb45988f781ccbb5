/* sluice init DIR: a small runnable pipeline to start from: settings, a SQL notebook
 * and a Python notebook that read each other's tables, and sample data.
 * `sluice run --settings DIR/pipeline.json` works on it at once. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char settings_json[] =
    "{\n"
    "  \"name\": \"orders\",\n"
    "  \"libraries\": [\n"
    "    {\"notebook\": {\"path\": \"ingest\"}},\n"
    "    {\"notebook\": {\"path\": \"enrich\"}}\n"
    "  ],\n"
    "  \"storage\": \"storage\",\n"
    "  \"schema\": \"shop\",\n"
    "  \"configuration\": {\"source.orders\": \"data/orders\"},\n"
    "  \"development\": true\n"
    "}\n";

static const char ingest_sql[] =
    "-- Databricks notebook source\n"
    "-- MAGIC %md\n"
    "-- MAGIC # Ingest (SQL)\n"
    "-- MAGIC Raw orders arrive as JSON files; `orders_clean` is defined in the Python notebook.\n"
    "\n"
    "-- COMMAND ----------\n"
    "\n"
    "CREATE OR REFRESH STREAMING TABLE orders_raw\n"
    "COMMENT 'Orders as they arrive, read incrementally.'\n"
    "AS SELECT * FROM STREAM read_files('${source.orders}', format => 'json');\n"
    "\n"
    "-- COMMAND ----------\n"
    "\n"
    "CREATE OR REFRESH MATERIALIZED VIEW revenue_by_country\n"
    "COMMENT 'Reads the Python table orders_clean.'\n"
    "AS SELECT country, count(*) AS orders, sum(amount) AS revenue\n"
    "FROM orders_clean\n"
    "GROUP BY country\n"
    "ORDER BY revenue DESC;\n";

static const char enrich_py[] =
    "# Databricks notebook source\n"
    "# MAGIC %md\n"
    "# MAGIC # Enrich (Python)\n"
    "# MAGIC Reads the SQL table `orders_raw`; the SQL notebook reads `orders_clean` back.\n"
    "\n"
    "# COMMAND ----------\n"
    "\n"
    "import dlt\n"
    "from pyspark.sql import functions as F\n"
    "\n"
    "# COMMAND ----------\n"
    "\n"
    "@dlt.table(comment=\"Orders with a positive amount, countries in upper case.\")\n"
    "@dlt.expect_or_drop(\"positive_amount\", \"amount > 0\")\n"
    "@dlt.expect(\"has_country\", \"country IS NOT NULL\")\n"
    "def orders_clean():\n"
    "    return (\n"
    "        dlt.read_stream(\"orders_raw\")\n"
    "        .withColumn(\"country\", F.upper(F.col(\"country\")))\n"
    "        .withColumn(\"amount\", F.col(\"amount\").cast(\"decimal(10,2)\"))\n"
    "        .select(\"order_id\", \"customer\", \"country\", \"amount\")\n"
    "    )\n";

static const char orders_json[] =
    "{\"order_id\": 1, \"customer\": \"ada\", \"country\": \"no\", \"amount\": 120.50}\n"
    "{\"order_id\": 2, \"customer\": \"bob\", \"country\": \"it\", \"amount\": 75.00}\n"
    "{\"order_id\": 3, \"customer\": \"cy\", \"country\": \"no\", \"amount\": 18.25}\n"
    "{\"order_id\": 4, \"customer\": \"dee\", \"country\": null, \"amount\": 42.00}\n"
    "{\"order_id\": 5, \"customer\": \"eve\", \"country\": \"fr\", \"amount\": -3.00}\n"
    "{\"order_id\": 6, \"customer\": \"fay\", \"country\": \"it\", \"amount\": 260.00}\n";

static int write_new(const char *dir, const char *name, const char *text) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wx");
    if (!f) {
        fprintf(stderr, "sluice init: cannot create '%s': %s\n", path, strerror(errno));
        return 2;
    }
    fputs(text, f);
    return fclose(f) ? 2 : 0;
}

int cmd_init(int argc, char **argv) {
    if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: sluice init DIR\n", stderr);
        return 2;
    }
    const char *dir = argv[1];
    char data[4096], orders[4096];
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(orders, sizeof orders, "%s/data/orders", dir);
    if ((mkdir(dir, 0777) && errno != EEXIST) || (mkdir(data, 0777) && errno != EEXIST) ||
        (mkdir(orders, 0777) && errno != EEXIST)) {
        fprintf(stderr, "sluice init: cannot create '%s': %s\n", dir, strerror(errno));
        return 2;
    }
    int rc = write_new(dir, "pipeline.json", settings_json);
    if (!rc) rc = write_new(dir, "ingest.sql", ingest_sql);
    if (!rc) rc = write_new(dir, "enrich.py", enrich_py);
    if (!rc) rc = write_new(orders, "orders-0001.json", orders_json);
    if (rc) return rc;
    printf("created a pipeline in %s:\n"
           "  %s/pipeline.json      settings (libraries, storage, target schema, configuration)\n"
           "  %s/ingest.sql         SQL notebook: orders_raw, revenue_by_country\n"
           "  %s/enrich.py          Python notebook: orders_clean\n"
           "  %s/data/orders/       sample input\n"
           "run it with:\n  sluice run --settings %s/pipeline.json\n"
           "then look at a table:\n  sluice query --settings %s/pipeline.json \"SELECT * FROM revenue_by_country\"\n",
           dir, dir, dir, dir, dir, dir, dir);
    return 0;
}
