import pandas as pd
import numpy as np
from sklearn.model_selection import train_test_split

dbutils.widgets.text("env", "dev", "Environment")
env = dbutils.widgets.get("env")
df = spark.table("samples.nyctaxi.trips")
display(df.limit(10))
pdf = df.toPandas()
X_train, X_test, y_train, y_test = train_test_split(pdf[["a", "b"]], pdf["y"], test_size=0.2, random_state=42)

class Model:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.weights = np.zeros(3)

    def fit(self, X, y, epochs=10):
        for _ in range(epochs):
            grad = X.T @ (X @ self.weights - y) / len(y)
            self.weights -= self.lr * grad
        return self

try:
    import mlflow
except ImportError:
    mlflow = None

results = {name: score for name, score in zip(names, scores) if score > 0.5}
print(f"best: {max(results, key=results.get)!r} ({len(results)} models)")
with mlflow.start_run() as run:
    mlflow.log_metric("acc", 0.9)
