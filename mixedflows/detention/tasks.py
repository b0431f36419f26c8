"""The detention app runs no background work yet: its pages and the PDF report are quick."""
