"""The add-on's logic, without Pyramid: the catalogue, kiosk tokens, bookings and their
capacity, vouchers, commissions and figures. Views call these; tests call them directly."""
