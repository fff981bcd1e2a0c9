"""E-mail and warning settings are parsed strictly from the environment, errors in Chinese."""

from __future__ import annotations

import pytest

from zhenggai.web import notify_config as nc
from zhenggai.web.config import ConfigError


def test_defaults_write_mail_files_into_the_data_dir(monkeypatch, tmp_path):
    for name in ("ZHENGGAI_EMAIL_BACKEND", "ZHENGGAI_EMAIL_FROM", "ZHENGGAI_BASE_URL",
                 "ZHENGGAI_WARNING_GREEN_DAYS", "ZHENGGAI_WARNING_YELLOW_DAYS"):
        monkeypatch.delenv(name, raising=False)
    cfg = nc.email_settings(tmp_path)
    assert cfg["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
    assert cfg["EMAIL_FILE_PATH"] == str(tmp_path / "mail")
    assert nc.base_url() == "" and nc.warning_days() == (20, 10)


def test_smtp_needs_a_host_and_one_of_tls_ssl(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHENGGAI_EMAIL_BACKEND", "smtp")
    monkeypatch.delenv("ZHENGGAI_EMAIL_HOST", raising=False)
    with pytest.raises(ConfigError, match="ZHENGGAI_EMAIL_HOST"):
        nc.email_settings(tmp_path)
    monkeypatch.setenv("ZHENGGAI_EMAIL_HOST", "mail.example.org")
    monkeypatch.setenv("ZHENGGAI_EMAIL_TLS", "1")
    cfg = nc.email_settings(tmp_path)
    assert (cfg["EMAIL_HOST"], cfg["EMAIL_PORT"], cfg["EMAIL_USE_TLS"]) == ("mail.example.org", 587, True)
    monkeypatch.setenv("ZHENGGAI_EMAIL_SSL", "yes")
    with pytest.raises(ConfigError, match="只能开启一个"):
        nc.email_settings(tmp_path)
    monkeypatch.setenv("ZHENGGAI_EMAIL_SSL", "perhaps")
    with pytest.raises(ConfigError, match="无法识别"):
        nc.email_settings(tmp_path)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ZHENGGAI_EMAIL_BACKEND", "pigeon", "file、console 或 smtp"),
        ("ZHENGGAI_WARNING_GREEN_DAYS", "twenty", "整数"),
        ("ZHENGGAI_WARNING_YELLOW_DAYS", "-1", "不能小于"),
        ("ZHENGGAI_WARNING_YELLOW_DAYS", "30", "不能大于"),
        ("ZHENGGAI_BASE_URL", "intranet:8000", "http://"),
    ],
)
def test_bad_values_are_refused(monkeypatch, tmp_path, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        nc.email_settings(tmp_path)
        nc.warning_days()
        nc.base_url()
