"""Nothing here in the platform admin: tokens, service accounts and webhooks are the agency's own, on its pages."""
