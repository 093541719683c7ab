"""Where the login lockout reads a client's address from.

django-axes counts failures per username and address, and asks django-ipware
for the address when it is installed. These settings tell ipware which
request value to trust, so that no client can choose the address its failures
are counted under: choosing one would let it escape the lockout (a fresh
address for every guess) or lock someone else out (their address).
"""


def lockout_address_settings(behind_proxy: bool) -> dict:
    """django-axes' and django-ipware's settings for a site with or without a proxy in front."""
    if not behind_proxy:
        # The connection's own address: a client writes any header it likes.
        return {
            "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
            "AXES_IPWARE_PROXY_COUNT": None,
            "IPWARE_STRICT": False,
        }
    # Every request comes from the proxy's address, so the client's is the
    # one the proxy appended to X-Forwarded-For: the header's last entry. The
    # entries before it came with the request and are the client's to forge,
    # so none of them counts (a proxy count of 0: no trusted proxy before
    # ours). Not strict: in strict mode ipware rejects a header with a forged
    # or unparsable entry and falls back to the proxy's address, one key that
    # every such request would share. A request that reaches Django without
    # the header (a health check straight to gunicorn) keeps its connection's.
    return {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        "AXES_IPWARE_PROXY_COUNT": 0,
        "IPWARE_STRICT": False,
    }
