# src/viz
