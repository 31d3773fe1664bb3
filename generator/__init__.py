"""Static training-site generator: scenario files -> a multilingual MkDocs site."""
