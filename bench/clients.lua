-- wrk: each request from another client address (X-Forwarded-For, which the
-- app reads with TRUSTED_PROXIES=1), as when many phones and hall screens
-- ask at once: per-client rate limits still run, and never refuse the load.
math.randomseed(os.time())
request = function()
  local address = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format(nil, nil, {["X-Forwarded-For"] = address})
end
