-- wrk: send the session cookie named by the WRK_HEADER environment variable.
wrk.headers["Cookie"] = os.getenv("WRK_HEADER")
