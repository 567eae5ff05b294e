"""WTForms classes, one module per blueprint; answer forms are built from items."""
