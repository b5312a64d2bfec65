"""Streamlit view code for Tone Coach: pages render coach Reports, they never analyse text themselves."""
