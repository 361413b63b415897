"""The add-on's domain logic, one module per subject; no Pyramid here.

- :mod:`.cards`: issuing, re-issuing, blocking cards, finding the card a terminal read;
- :mod:`.offers`: partners' offers and their approval;
- :mod:`.targeting`: whether an offer fits a visitor now, and how well (pure);
- :mod:`.terminals`: pairing codes, keys, revocation;
- :mod:`.redemptions`: scanning a card and granting an offer once per request id;
- :mod:`.throttle`: rate limits of card look-ups, counted in the database;
- :mod:`.privacy`: export, erasure, anonymisation after the stay, statistics;
- :mod:`.secrets`: QR token signatures, keys, codes, card numbers;
- :mod:`.demo`: the add-on's part of the demo office, and the purge.
"""
