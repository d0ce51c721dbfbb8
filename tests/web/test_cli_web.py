"""``hub enrol --web`` and ``hub serve --insecure-dev`` from the command line."""

from __future__ import annotations

from inspect_tui.cli import main
from inspect_tui.store.web import WebStore
from inspect_tui.sync.hub import Hub


def test_enrol_web_prints_the_code_last_and_only_for_managers(tmp_path, capsys):
    Hub.init(tmp_path / "hub.db").close()
    assert main(["hub", "enrol", "Priya Shah", "--role", "manager", "--web",
                 "--db", str(tmp_path / "hub.db")]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(code.replace("-", "")) == 16
    assert main(["hub", "enrol", "Sam Okafor", "--role", "inspector", "--web",
                 "--db", str(tmp_path / "hub.db")]) == 2
    err = capsys.readouterr().err
    assert "only managers" in err and "Traceback" not in err
    hub = Hub(tmp_path / "hub.db")
    try:
        accounts = WebStore(hub.store).all_accounts()
        assert [(a.name, a.role, a.has_password) for a in accounts] == [
            ("Priya Shah", "manager", False)]
        assert not hub.registry.all()  # a web account is not a device
    finally:
        hub.close()


def test_insecure_dev_only_on_loopback(tmp_path, capsys):
    Hub.init(tmp_path / "hub.db").close()
    assert main(["hub", "serve", "--insecure-dev", "--host", "0.0.0.0",
                 "--db", str(tmp_path / "hub.db")]) == 2
    assert "127.0.0.1 only" in capsys.readouterr().err


def test_behind_a_tls_proxy_the_site_works_and_plain_http_is_refused(tmp_path):
    import httpx
    from sync.conftest import HubProcess

    Hub.init(tmp_path / "hub.db").close()
    server = HubProcess(tmp_path / "hub.db").start()
    try:
        plain = httpx.get(f"{server.url}/sign-in")
        assert plain.status_code == 403 and "HTTPS" in plain.text
        assert plain.headers["cache-control"] == "no-store"
        proxied = httpx.get(f"{server.url}/sign-in", headers={"X-Forwarded-Proto": "https"})
        assert proxied.status_code == 200 and "OFFICIAL-SENSITIVE" in proxied.text
        assert "Secure" in proxied.headers["set-cookie"]
        assert httpx.get(f"{server.url}/v1/health").status_code == 200
    finally:
        server.stop()
    assert "/sign-in" not in server.log()  # the site's URLs are in no log line
