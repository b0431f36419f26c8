"""The training app runs no background work: an import of a workshop's list and its reports are quick."""
