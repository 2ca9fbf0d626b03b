from modelyard.cli import app

app()
