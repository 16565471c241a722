"""plek and the systems around it: single sign-on, the BRP, ZGW case registration and iWmo."""
