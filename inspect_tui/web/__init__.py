"""The hub's review site: managers read, download, approve and return inspections in a
browser. :func:`.hub_site.hub_app` serves it beside the sync API."""
