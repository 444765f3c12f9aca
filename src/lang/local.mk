# src/lang
