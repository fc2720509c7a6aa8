"""Buying credits: the checkout pages, the demo checkout and Stripe's webhook."""
