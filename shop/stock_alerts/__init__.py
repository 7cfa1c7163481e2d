"""« Prévenez-moi » : e-mail alerts for a product out of stock, sent once when it is back."""
