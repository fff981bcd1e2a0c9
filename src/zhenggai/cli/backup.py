"""``zhenggai backup OUT`` and ``zhenggai restore IN``: one archive holding everything an installation needs.

Copying the SQLite file while people work gives corrupt copies; evidence files and the secret key
live beside it. A backup here is one tar archive with

- ``database/zhenggai.sqlite3``: a consistent snapshot taken with SQLite's online backup API
  (one read transaction: in WAL mode writers go on meanwhile), checked with ``integrity_check``;
  or ``database/zhenggai.pgdump``: ``pg_dump --format=custom`` of an exported snapshot, for PostgreSQL;
- everything else in the data directory that cannot be regenerated: ``evidence/`` (content-addressed,
  written before the row that names it commits, so the snapshot never names a file taken later),
  ``secret_key``, ``mail/``;
- ``manifest.json`` (last member): format, versions, when, the database's migrations and row
  counts per table at the snapshot, and every file with its size and SHA-256.

The archive is written beside its target under a temporary name and renamed when complete.
``restore`` accepts only an empty data directory (and an empty PostgreSQL database), checks every
checksum, the SQLite integrity and the row counts before anything is put in place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

FORMAT = "zhenggai-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/zhenggai.sqlite3"
PG_MEMBER = "database/zhenggai.pgdump"
# Regenerated on start (static files, logs) or never part of the data (temporary files).
SKIP_DIRS = {"static", "logs"}
# What a fresh start leaves in a data directory; restore still counts it as empty.
REGENERATED = {"static", "logs"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Backup or restore cannot go on; the message says why, in Chinese."""


@dataclass
class Result:
    path: Path
    files: int = 0
    bytes: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def rows(self) -> int:
        return sum(self.tables.values())


# ---------------------------------------------------------------- helpers


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _is_sqlite(database: dict) -> bool:
    return database["ENGINE"].endswith("sqlite3")


def _versions() -> dict[str, str]:
    from importlib import metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "unknown"

    return {
        "zhenggai": version("zhenggai"),
        "django": version("Django"),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def pg_binary(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else the newest Debian PostgreSQL's bin directory."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return candidates[-1]
    raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）")


def _pg_env(database: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        value = database.get(key)
        if value not in (None, ""):
            env[var] = str(value)
    return env


def _pg_connect(database: dict):
    import psycopg

    return psycopg.connect(
        host=database.get("HOST") or None, port=database.get("PORT") or None, user=database.get("USER") or None,
        password=database.get("PASSWORD") or None, dbname=database["NAME"],
    )


def _pg_tables(cur) -> list[str]:
    cur.execute(
        "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
    )
    return [row[0] for row in cur.fetchall()]


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {_quote(t)}").fetchone()[0] for t in _sqlite_tables(conn)}


def _sqlite_migrations(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        rows = conn.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    except sqlite3.DatabaseError:
        return {}
    return {app: name for app, name in rows}


# ---------------------------------------------------------------- snapshots


def snapshot_sqlite(source: Path, target: Path) -> dict[str, int]:
    """Copy a live SQLite database consistently; return its row counts per table.

    ``Connection.backup`` in one step copies inside one read transaction: the copy is the
    database as of one commit, whatever other connections write meanwhile (WAL lets them).
    """
    if not source.exists():
        raise BackupError(f"找不到数据库文件 {source}")
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"数据库快照未通过完整性检查：{check}")
        return _sqlite_counts(dst)
    finally:
        dst.close()
        src.close()


def snapshot_postgres(database: dict, target: Path) -> tuple[dict[str, int], dict[str, str], set[str] | None]:
    """pg_dump of one exported snapshot, and the row counts, migrations and evidence names of that same snapshot."""
    pg_dump = pg_binary("pg_dump")
    conn = _pg_connect(database)
    try:
        with conn.cursor() as cur:
            cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            counts = {}
            for table in _pg_tables(cur):
                cur.execute(f"SELECT count(*) FROM {table}")
                counts[table] = cur.fetchone()[0]
            migrations: dict[str, str] = {}
            if any(t.endswith(".django_migrations") for t in counts):
                cur.execute("SELECT app, name FROM django_migrations ORDER BY id")
                migrations = {app: name for app, name in cur.fetchall()}
            evidence = None
            if "public.workflow_evidence" in counts:
                cur.execute("SELECT sha256 FROM workflow_evidence")
                evidence = {row[0] for row in cur.fetchall()}
            done = subprocess.run(
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 f"--file={target}"],
                env=_pg_env(database), capture_output=True, text=True,
            )
            cur.execute("COMMIT")
    finally:
        conn.close()
    if done.returncode != 0:
        raise BackupError(f"pg_dump 失败：{done.stderr.strip()}")
    return counts, migrations, evidence


# ---------------------------------------------------------------- backup


def _data_files(data_dir: Path, skip: set[Path]) -> list[tuple[str, Path]]:
    """(archive name, path) of every file in the data directory worth keeping."""
    found = []
    for root, dirs, files in os.walk(data_dir):
        rel_root = Path(root).relative_to(data_dir)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (rel_root == Path(".") and d in SKIP_DIRS))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith(".") or name.startswith("zhenggai-backup-") or path.resolve() in skip:
                continue
            found.append(((rel_root / name).as_posix(), path))
    return found


def _add(tar: tarfile.TarFile, name: str, path: Path, entries: list[dict]) -> int:
    size = path.stat().st_size
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(path.stat().st_mtime)
    h = hashlib.sha256()

    class Hashing(io.RawIOBase):
        def __init__(self, f):
            self.f = f

        def readinto(self, b):
            n = self.f.readinto(b)
            if n:
                h.update(memoryview(b)[:n])
            return n

        def readable(self):
            return True

    with open(path, "rb") as f:
        tar.addfile(info, io.BufferedReader(Hashing(f), CHUNK))
    entries.append({"path": name, "size": size, "sha256": h.hexdigest()})
    return size


def default_name(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    return f"zhenggai-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(out: Path, data_dir: Path, database: dict) -> Result:
    """Write the archive to ``out`` (a directory gets a dated name); never overwrite."""
    out = Path(out)
    if out.is_dir():
        out = out / default_name()
    if out.exists():
        raise BackupError(f"文件 {out} 已存在，不覆盖：请换一个文件名")
    if not out.parent.is_dir():
        raise BackupError(f"目录 {out.parent} 不存在")
    data_dir = Path(data_dir).resolve()
    sqlite = _is_sqlite(database)
    db_path = Path(database["NAME"]).resolve() if sqlite else None
    skip = {out.resolve()}
    if db_path:
        skip |= {db_path, *(Path(f"{db_path}{s}") for s in ("-wal", "-shm", "-journal"))}
    mode = "w:gz" if out.name.endswith((".tar.gz", ".tgz")) else "w"
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    result = Result(path=out)
    entries: list[dict] = []
    try:
        with tempfile.TemporaryDirectory(prefix=".zhenggai-backup-", dir=out.parent) as work:
            # The database first: files named by its rows were stored before those rows committed.
            if sqlite:
                snap = Path(work) / "zhenggai.sqlite3"
                result.tables = snapshot_sqlite(db_path, snap)
                with sqlite3.connect(snap) as conn:
                    migrations = _sqlite_migrations(conn)
                    evidence = _evidence_names(conn)
                member = SQLITE_MEMBER
            else:
                snap = Path(work) / "zhenggai.pgdump"
                result.tables, migrations, evidence = snapshot_postgres(database, snap)
                member = PG_MEMBER
            with tarfile.open(tmp, mode) as tar:
                result.bytes += _add(tar, member, snap, entries)
                for name, path in _data_files(data_dir, skip):
                    result.bytes += _add(tar, name, path, entries)
                    if name.startswith("evidence/") and entries[-1]["sha256"] != path.name:
                        result.warnings.append(f"佐证文件 {name} 的内容与其 SHA-256 名称不符（文件已损坏）")
                stored = {PurePosixPath(e["path"]).name for e in entries if e["path"].startswith("evidence/")}
                if evidence is not None:
                    missing = sorted(evidence - stored)
                    if missing:
                        result.warnings.append(f"数据库引用的 {len(missing)} 个佐证文件在数据目录中缺失（如 {missing[0]}）")
                manifest = {
                    "format": FORMAT,
                    "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    "versions": _versions(),
                    "database": {"engine": "sqlite" if sqlite else "postgresql", "file": member,
                                 "tables": result.tables, "migrations": migrations},
                    "secret_key": "secret_key" if any(e["path"] == "secret_key" for e in entries)
                    else "环境变量 SECRET_KEY（未存入备份，请另行保管）",
                    "files": entries,
                }
                raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(raw), 0o600, int(dt.datetime.now().timestamp())
                tar.addfile(info, io.BytesIO(raw))
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)  # it holds the secret key and every password hash
            tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    result.files = len(entries)
    return result


def _evidence_names(conn: sqlite3.Connection) -> set[str] | None:
    try:
        return {r[0] for r in conn.execute("SELECT sha256 FROM workflow_evidence")}
    except sqlite3.DatabaseError:
        return None


# ---------------------------------------------------------------- restore


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read().decode("utf-8"))
    except (KeyError, AttributeError, ValueError, UnicodeDecodeError):
        raise BackupError("备份文件中没有可读的 manifest.json：这不是 zhenggai 备份，或文件已损坏") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')!r} 不受支持（应为 {FORMAT}）")
    return manifest


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"备份中有不安全的路径 {name!r}，拒绝恢复")
    return path


def check_empty(data_dir: Path, database: dict) -> None:
    """Refuse anything but an empty target: a restore never overwrites or mixes data."""
    if data_dir.exists():
        present = sorted(p.name for p in data_dir.iterdir() if p.name not in REGENERATED)
        if present:
            raise BackupError(
                f"数据目录 {data_dir} 不是空的（已有 {'、'.join(present[:5])}{' 等' if len(present) > 5 else ''}），"
                "拒绝恢复以免覆盖现有数据：请指定一个新的空目录（ZHENGGAI_DATA_DIR），或先把其中的文件移走"
            )
    if _is_sqlite(database):
        db = Path(database["NAME"])
        if db.exists() and db.stat().st_size > 0:
            raise BackupError(f"数据库文件 {db} 已存在，拒绝恢复以免覆盖：请先移走它")
    else:
        conn = _pg_connect(database)
        try:
            with conn.cursor() as cur:
                tables = _pg_tables(cur)
        finally:
            conn.close()
        if tables:
            raise BackupError(f"目标 PostgreSQL 数据库 {database['NAME']} 不是空的（已有 {len(tables)} 个表），"
                              "拒绝恢复：请新建一个空数据库（createdb）再恢复")


def restore_backup(archive: Path, data_dir: Path, database: dict) -> Result:
    archive, data_dir = Path(archive), Path(data_dir)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}")
    check_empty(data_dir, database)
    try:
        tar = tarfile.open(archive, "r:*")
    except (tarfile.TarError, OSError) as e:
        raise BackupError(f"无法读取备份文件 {archive}：{e}") from None
    with tar:
        manifest = read_manifest(tar)
        engine = manifest["database"]["engine"]
        if (engine == "sqlite") != _is_sqlite(database):
            target = "SQLite" if _is_sqlite(database) else "PostgreSQL"
            raise BackupError(f"备份来自 {engine} 数据库，当前设置的是 {target}：请设置相应的 DATABASE_URL 后再恢复")
        expected = {e["path"]: e for e in manifest["files"]}
        data_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
        result = Result(path=data_dir)
        try:
            seen = set()
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile():
                    raise BackupError(f"备份中有清单之外的内容 {member.name!r}，拒绝恢复（文件可能被改动）")
                target = staging / _safe_name(member.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                h = hashlib.sha256()
                with tar.extractfile(member) as src, open(target, "wb") as dst:
                    while chunk := src.read(CHUNK):
                        h.update(chunk)
                        dst.write(chunk)
                entry = expected[member.name]
                if h.hexdigest() != entry["sha256"] or member.size != entry["size"]:
                    raise BackupError(f"校验失败：{member.name} 的 SHA-256 与清单不符，备份已损坏，未恢复任何内容")
                seen.add(member.name)
                result.bytes += member.size
            missing = sorted(set(expected) - seen)
            if missing:
                raise BackupError(f"备份不完整：缺少 {len(missing)} 个文件（如 {missing[0]}），未恢复任何内容")
            result.files = len(seen)
            db_file = staging / manifest["database"]["file"]
            tables = manifest["database"].get("tables", {})
            if engine == "sqlite":
                _verify_sqlite(db_file, tables)
                result.tables = dict(tables)
                target = Path(database["NAME"])
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(db_file), target)
            else:
                result.tables = _restore_postgres(db_file, database, tables)
            for item in sorted(staging.iterdir()):
                if item.name == "database":
                    continue
                os.replace(item, data_dir / item.name)
            key = data_dir / "secret_key"
            if key.exists():
                key.chmod(0o600)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return result


def _verify_sqlite(path: Path, tables: dict[str, int]) -> None:
    conn = sqlite3.connect(path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"备份中的数据库未通过完整性检查（integrity_check）：{check}")
        bad = conn.execute("PRAGMA foreign_key_check").fetchall()
        if bad:
            raise BackupError(f"备份中的数据库有 {len(bad)} 处外键不一致（foreign_key_check）")
        counts = _sqlite_counts(conn)
    finally:
        conn.close()
    if tables and counts != tables:
        raise BackupError("备份中数据库的行数与清单不符，备份已损坏")


def _restore_postgres(dump: Path, database: dict, tables: dict[str, int]) -> dict[str, int]:
    done = subprocess.run(
        [pg_binary("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={database['NAME']}", str(dump)],
        env=_pg_env(database), capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore 失败（目标数据库未改动）：{done.stderr.strip()}")
    conn = _pg_connect(database)
    try:
        with conn.cursor() as cur:
            counts = {}
            for table in _pg_tables(cur):
                cur.execute(f"SELECT count(*) FROM {table}")
                counts[table] = cur.fetchone()[0]
    finally:
        conn.close()
    if tables and counts != tables:
        differ = sorted(t for t in set(tables) | set(counts) if tables.get(t) != counts.get(t))
        raise BackupError(f"恢复后的行数与备份清单不符（{'、'.join(differ[:5])}）：请检查后重试")
    return counts


# ---------------------------------------------------------------- commands


def _settings() -> tuple[Path, dict]:
    from zhenggai.web import config

    try:
        data_dir = config.data_dir()
        return data_dir, config.database(data_dir)
    except config.ConfigError as e:
        print(f"配置错误: {e}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_backup(args: argparse.Namespace) -> int:
    data_dir, database = _settings()
    try:
        result = create_backup(Path(args.out), data_dir, database)
    except (BackupError, OSError, sqlite3.Error) as e:
        print(f"备份失败：{e}", file=sys.stderr)
        return 1
    for w in result.warnings:
        print(f"警告：{w}", file=sys.stderr)
    print(f"已备份到 {result.path}：数据库 {len(result.tables)} 个表 {result.rows()} 行，"
          f"共 {result.files} 个文件 {result.bytes / 1024 / 1024:.1f} MB")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    data_dir, database = _settings()
    try:
        result = restore_backup(Path(args.archive), data_dir, database)
    except (BackupError, OSError, sqlite3.Error) as e:
        print(f"恢复失败：{e}", file=sys.stderr)
        return 1
    print(f"已恢复到 {data_dir}：{result.files} 个文件校验无误，数据库 {len(result.tables)} 个表 {result.rows()} 行。"
          "运行 zhenggai serve 启动（会自动迁移到当前版本）。")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="备份数据库、佐证材料和密钥到一个文件（可在使用中进行）")
    p.add_argument("out", help="备份文件（.tar 或 .tar.gz），或一个目录（自动命名 zhenggai-backup-日期时间.tar.gz）")
    p.set_defaults(func=cmd_backup)
    p = subparsers.add_parser("restore", help="从备份文件恢复到一个空的数据目录（先校验全部内容）")
    p.add_argument("archive", help="zhenggai backup 生成的文件")
    p.set_defaults(func=cmd_restore)
