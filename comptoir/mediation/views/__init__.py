"""Pages of digital mediation: the public pages (help, registration without an account, appointments) and
the staff pages (records, workshops and sessions, appointment slots, Pass Numérique and reports).
Thin: forms in, services/selectors, templates out; ``urls.py`` names each page."""
