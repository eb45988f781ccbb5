-- sluice: parse
-- Informational PRIMARY KEY / FOREIGN KEY constraints.
CREATE OR REFRESH MATERIALIZED VIEW orders (
  order_id BIGINT NOT NULL,
  customer_id BIGINT,
  PRIMARY KEY (order_id),
  CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES main.shop.customers (id),
  CONSTRAINT pk2 PRIMARY KEY (order_id, customer_id),
  FOREIGN KEY (customer_id) REFERENCES customers
) AS SELECT * FROM raw_orders;
