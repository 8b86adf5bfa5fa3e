"""`papershelf watch`: new papers from arXiv and Hugging Face Daily Papers, ranked for each topic by
the papers the topic already holds, and the weekly "Candidates" issue that proposes them."""
