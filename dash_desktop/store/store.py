"""The case store: one object that creates, opens (unlocks, migrates) and closes the encrypted
database, looks after its keys, backups and restores, and hands out the parts that do the work, the
way Anki's collection hands out ``col.decks`` and ``col.models``:

- ``store.cases``: households (:class:`~dash_desktop.store.cases.Cases`)
- ``store.people``: the people in them (:class:`~dash_desktop.store.people.People`)
- ``store.records``: referrals and chronology notes (:class:`~dash_desktop.store.chronology.Chronology`)
- ``store.assessments``: drafts, completed and imported assessments
- ``store.documents``: signed PDFs
- ``store.case_list``: the searched, filtered, sorted list of cases, and the count
- ``store.links``: serial-perpetrator links between cases
- ``store.identities``: the practitioner's signing identity
- ``store.audit``: the audit chain
- ``store.worklist``: what is due in the open cases (reviews, MARAC meetings, replies, drafts)
- ``store.stats``: anonymised counts for a period (:class:`dash_desktop.stats.Statistics`)

Every part works through one :class:`~dash_desktop.store.unit.Unit` (read / write / audit): each
write happens in one transaction together with its audit event, so either both are saved or
neither is. The GUI never runs SQL itself, and gets plain frozen records back, never database objects.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from types import TracebackType

import sqlcipher3
from sqlalchemy import Engine

from dash_desktop.store import backup as backups
from dash_desktop.store import migrate
from dash_desktop.store import restore as restores
from dash_desktop.store.anchor import Anchor, AnchorState, Mark
from dash_desktop.store.assessments import Assessments
from dash_desktop.store.audit import CHAIN_AFTER, Action
from dash_desktop.store.audit_trail import AuditTrail
from dash_desktop.store.case_list import CaseList
from dash_desktop.store.cases import Cases
from dash_desktop.store.chronology import Chronology
from dash_desktop.store.documents import Documents
from dash_desktop.store.engine import DEFAULT_BUSY_SECONDS, connect_raw, make_engine
from dash_desktop.store.errors import (
    AlreadyInitialised,
    BackupError,
    Conflict,
    NotFound,
    NotInitialised,
    PassphraseRequired,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreLocked,
    StoreTooNew,
)
from dash_desktop.store.identities import Identities, NewIdentity, keep_identity
from dash_desktop.store.keychain import Keychain
from dash_desktop.store.keys import KdfParams, KeyHeader, check_new_passphrase, key_id
from dash_desktop.store.links import Links
from dash_desktop.store.location import StorePaths
from dash_desktop.store.lock import StoreLock
from dash_desktop.store.models import Practitioner
from dash_desktop.store.people import People
from dash_desktop.store.records import PractitionerProfile
from dash_desktop.store.stats import Stats
from dash_desktop.store.unit import Unit
from dash_desktop.store.worklist import Worklist


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)


def _private_file(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def _read_revision(conn: sqlcipher3.Connection) -> str | None:
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


#: Temporary files an interrupted restore or file write leaves behind (all encrypted or non-secret);
#: swept on open once they are older than this, so a concurrent operation is never hit. A killed
#: backup's staging files are swept at once (``backup.sweep_staging``: they are locked while in use).
LEFTOVER_PATTERNS = (
    (".", ".restore-*.db"),
    (".", ".keys.json.*.tmp"),
    (".", ".audit-anchor.json.*.tmp"),
    (".", ".restore-in-progress.json.*.tmp"),
    ("backups", ".dash-*.tmp"),
)
LEFTOVER_AGE = dt.timedelta(hours=1)


def _sweep_leftovers(paths: StorePaths) -> None:
    cutoff = (dt.datetime.now(dt.UTC) - LEFTOVER_AGE).timestamp()
    for folder, pattern in LEFTOVER_PATTERNS:
        for path in (paths.root / folder).glob(pattern):
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
    backups.sweep_staging(paths.backups)


class Store:
    """An unlocked case store. Use :meth:`create` or :meth:`open`, and :meth:`close` (or ``with``)."""

    def __init__(
        self,
        paths: StorePaths,
        header: KeyHeader,
        data_key: bytes,
        engine: Engine,
        lock: StoreLock | None = None,
        busy_seconds: float = DEFAULT_BUSY_SECONDS,
    ) -> None:
        self.paths = paths
        self._lock = lock
        self.header = header
        self._key = bytearray(data_key)  # overwritten in place when the store is locked or closed
        self._busy_seconds = busy_seconds
        #: The one seam every part works through: read / write / audit.
        self.unit = Unit(engine, paths.root, busy_seconds)
        self.unit.anchor = self.anchor_of(paths, header, data_key)
        self.cases = Cases(self.unit)
        self.people = People(self.unit)
        self.records = Chronology(self.unit)
        self.assessments = Assessments(self.unit)
        self.documents = Documents(self.unit, paths.database)
        self.case_list = CaseList(self.unit)
        self.links = Links(self.unit)
        self.identities = Identities(self.unit)
        self.audit = AuditTrail(self.unit)
        self.worklist = Worklist(self.unit)
        self.stats = Stats(self.unit)

    @staticmethod
    def anchor_of(paths: StorePaths, header: KeyHeader, data_key: bytes) -> Anchor:
        return Anchor(paths.anchor, data_key, header.store_id)

    # ------------------------------------------------------------------------------------------
    # opening and closing

    @classmethod
    def create(
        cls,
        passphrase: str,
        profile: PractitionerProfile,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        kdf: KdfParams | None = None,
        keychain: Keychain | None = None,
        remember: bool = False,
        identity: NewIdentity | None = None,
        busy_seconds: float = DEFAULT_BUSY_SECONDS,
    ) -> Store:
        """Make a new store holding the practitioner's profile (and their signing ``identity``, when
        given), all or nothing: if any step fails, no store file is left behind, so the next attempt
        starts afresh. Refuses if any store file is already there."""
        paths = StorePaths.resolve(data_dir)
        restores.roll_back(paths)
        if paths.exists():
            raise AlreadyInitialised(paths.root)
        check_new_passphrase(passphrase)
        if not profile.name.strip():
            raise Conflict("the practitioner's name is needed")
        _private_dir(paths.root)
        _private_dir(paths.backups)
        lock = cls._shared_lock(paths, "cannot create the store")
        try:
            header, data_key = KeyHeader.new(passphrase, kdf)
            connect_raw(paths.database, data_key, create=True).close()
            _private_file(paths.database)
            store = cls(paths, header, data_key, make_engine(paths.database, data_key, busy_seconds=busy_seconds),
                        lock, busy_seconds)
            anchor = store.unit.anchor
            store.unit.anchor = None  # the chain's first events are anchored together, below
            try:
                end = store._fill_new(profile, identity)
                if anchor is not None:
                    anchor.write(AnchorState(committed=end, pending=end))
                # The header is written last and atomically: a store without one is never half made.
                header.write(paths.header)
                _private_file(paths.header)
            except BaseException:
                store.engine.dispose()
                for leftover in paths.store_files():
                    leftover.unlink(missing_ok=True)
                raise
            store.unit.anchor = anchor
        except BaseException:
            lock.release()
            raise
        if remember:
            store.remember_key(keychain or Keychain())
        return store

    def _fill_new(self, profile: PractitionerProfile, identity: NewIdentity | None) -> Mark:
        """The schema, the practitioner and their identity, in the new database; where the chain ends."""
        with self.engine.begin() as conn:
            migrate.upgrade(conn)
        with self.unit.write() as s:
            practitioner = Practitioner(name=profile.name, role=profile.role, organisation=profile.organisation,
                                        phone=profile.phone, email=profile.email)
            s.add(practitioner)
            s.flush()
            self.unit.actor = practitioner.name
            self.unit.audit(s, Action.CREATE, "store", None,
                            {"store_id": self.header.store_id, "schema": migrate.head_revision(), "anchored": True})
            if identity is not None:
                keep_identity(self.unit, s, identity)
            return Mark(*s.info[CHAIN_AFTER])

    @classmethod
    def open(
        cls,
        passphrase: str | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        keychain: Keychain | None = None,
        busy_seconds: float = DEFAULT_BUSY_SECONDS,
    ) -> Store:
        """Unlock with ``passphrase``, or else with the key the OS keychain remembers (if ``keychain``).

        Nothing is written unless the unlock succeeds. A database from an older program is backed up
        and then migrated; one from a newer program is refused. ``busy_seconds``: how long a write
        waits for another program's before :class:`StoreWriteBusy` (short for the app's UI thread).
        """
        paths = StorePaths.resolve(data_dir)
        restores.roll_back(paths)  # a restore stopped half-way: the store it replaced comes back
        if not paths.exists():
            raise NotInitialised(paths.root, next(reversed(restores.replaced_folders(paths)), None))
        lock = cls._shared_lock(paths, "cannot open the store")
        try:
            return cls._open(paths, passphrase, keychain, lock, busy_seconds)
        except BaseException:
            lock.release()
            raise

    @staticmethod
    def _shared_lock(paths: StorePaths, what: str) -> StoreLock:
        lock = StoreLock(paths.lock)
        if not lock.acquire(exclusive=False):
            raise StoreBusy(paths.root, what)
        return lock

    @classmethod
    def _open(
        cls, paths: StorePaths, passphrase: str | None, keychain: Keychain | None, lock: StoreLock, busy_seconds: float
    ) -> Store:
        newest = backups.newest_backup(paths.backups)
        replaced = next(reversed(restores.replaced_folders(paths)), None)
        if not paths.header.exists():
            raise StoreDamaged(paths.header, "the key header is missing", newest, replaced)
        header = KeyHeader.read(paths.header, newest)
        if not paths.database.exists():
            raise StoreDamaged(paths.database, "the case database is missing", newest, replaced)
        data_key = cls._unlock_key(header, passphrase, keychain)
        if paths.database.stat().st_size == 0:
            # SQLite would take an empty file for a new database and write a fresh one into it.
            raise StoreDamaged(paths.database, "the file is empty", newest)
        try:
            conn = connect_raw(paths.database, data_key)
        except sqlcipher3.Error as exc:
            raise StoreDamaged(paths.database, str(exc), newest) from None
        try:
            try:
                check = conn.execute("PRAGMA quick_check").fetchone()
                revision = _read_revision(conn)
            except sqlcipher3.Error as exc:
                raise StoreDamaged(paths.database, str(exc), newest) from None
            if check is None or check[0] != "ok":
                raise StoreDamaged(paths.database, f"integrity check: {check[0] if check else 'no answer'}", newest)
            if revision is None:
                raise StoreDamaged(paths.database, "it has no schema version", newest)
            if not migrate.is_known(revision):
                raise StoreTooNew(paths.database, revision)
            head = migrate.head_revision()
            if revision != head:
                # Never migrate without a way back: a backup under the same key first.
                name = backups.backup_name(f"before-migration-{revision}-to-{head}")
                backups.write_backup(
                    conn, data_key, header, paths.backups / name, reason=name, schema_revision=revision
                )
        finally:
            conn.close()
        if revision != head:
            # Migrate only with the store to ourselves: no other program may be using the old schema.
            lock.release()
            if not lock.acquire(exclusive=True):
                raise StoreBusy(paths.root, "cannot upgrade the store's format now")
        engine = make_engine(paths.database, data_key, busy_seconds=busy_seconds)
        store = cls(paths, header, data_key, engine, lock, busy_seconds)
        try:
            if revision != head:
                with engine.begin() as sa_conn:
                    migrate.upgrade(sa_conn)  # from whatever revision it has now: a no-op if already done
                lock.release()
                if not lock.acquire(exclusive=False):  # pragma: no cover - a restore started in between
                    raise StoreBusy(paths.root, "cannot open the store")
            with store.unit.write() as s:
                practitioner = store.unit.practitioner(s)
                store.unit.actor = practitioner.name if practitioner else None
                if revision != head:
                    store.unit.audit(s, Action.MIGRATE, "store", None, {"from": revision, "to": head})
                store.unit.audit(s, Action.UNLOCK, "store", None, {"by": "passphrase" if passphrase else "keychain"})
        except BaseException:
            engine.dispose()
            raise
        _sweep_leftovers(paths)
        return store

    @staticmethod
    def _unlock_key(header: KeyHeader, passphrase: str | None, keychain: Keychain | None) -> bytes:
        if passphrase is not None:
            return header.unwrap(passphrase)
        if keychain is not None:
            remembered = keychain.recall(header.store_id)
            if remembered is not None and key_id(remembered) == header.key_id:
                return remembered
        raise PassphraseRequired()

    def close(self) -> None:
        """Close every connection and drop this object's copy of the data key, for good (a lock
        screen uses :meth:`lock` and :meth:`unlock` instead)."""
        self.unit.close()
        self._forget_key()
        self._closed = True
        if self._lock is not None:
            self._lock.release()

    # ------------------------------------------------------------------------------------------
    # locking: the same object closed behind a lock screen and opened again

    _closed = False

    @property
    def locked(self) -> bool:
        """True after :meth:`lock` (or :meth:`close`): every read or write raises StoreLocked."""
        return not self._key

    def lock(self) -> None:
        """Close every connection and forget the data key, keeping this object (and the shared lock
        on the store's files, so that no restore swaps them meanwhile) for :meth:`unlock`; until
        then every call raises :class:`StoreLocked`. The store's own copy of the key is overwritten
        in place; the passing copies inside the cryptography and SQLCipher libraries, and Python's
        immutable ones, are freed with the connections and cannot be overwritten from Python."""
        self.unit.close()
        self._forget_key()

    def unlock(self, passphrase: str | None = None, *, keychain: Keychain | None = None) -> None:
        """Check ``passphrase`` (or else the key the OS keychain remembers) against the key header
        on disk and, if the store is locked, open it again: the same object, so whatever holds it
        carries on. WrongPassphrase (or PassphraseRequired) leaves it locked. On a store that is not
        locked (a background job still had it open) the check is all that happens."""
        if self._closed:
            raise StoreError("this case store was closed; open it again")
        newest = backups.newest_backup(self.paths.backups)
        header = KeyHeader.read(self.paths.header, newest)
        data_key = self._unlock_key(header, passphrase, keychain)
        if not self.locked:
            return
        if header.store_id != self.header.store_id:
            raise StoreDamaged(self.paths.header, "it now belongs to another case store", newest)
        try:
            connect_raw(self.paths.database, data_key).close()
        except sqlcipher3.Error as exc:
            raise StoreDamaged(self.paths.database, str(exc), newest) from None
        self.unit.open(make_engine(self.paths.database, data_key, busy_seconds=self._busy_seconds))
        self.unit.anchor = self.anchor_of(self.paths, header, data_key)
        self.header = header
        self._key = bytearray(data_key)
        try:
            with self.unit.write() as s:
                self.unit.audit(s, Action.UNLOCK, "store", None, {"by": "passphrase" if passphrase else "keychain"})
        except BaseException:
            self.lock()
            raise

    def _forget_key(self) -> None:
        self._key[:] = bytes(len(self._key))
        self._key = bytearray()

    @property
    def _data_key(self) -> bytes:
        if self.locked:
            raise StoreLocked()
        return bytes(self._key)

    @property
    def engine(self) -> Engine:
        """The engine of the open store (StoreLocked while it is locked)."""
        return self.unit.engine

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def store_id(self) -> str:
        return self.header.store_id

    def practitioner(self) -> PractitionerProfile:
        """The practitioner whose store this is."""
        with self.unit.read() as s:
            found = self.unit.practitioner(s)
            if found is None:  # pragma: no cover - create() always adds one
                raise NotFound("this store has no practitioner profile")
            return PractitionerProfile.of(found)

    def update_practitioner(self, **fields: str | None) -> PractitionerProfile:
        """Change the practitioner's ``role``, ``organisation``, ``phone`` or ``email`` (audited; the
        name stays the one reports were signed with)."""
        if unknown := set(fields) - {"role", "organisation", "phone", "email"}:
            raise Conflict(f"unknown practitioner fields: {', '.join(sorted(unknown))}")
        with self.unit.write() as s:
            found = self.unit.practitioner(s)
            if found is None:  # pragma: no cover - create() always adds one
                raise NotFound("this store has no practitioner profile")
            for name, value in fields.items():
                setattr(found, name, value.strip() or None if isinstance(value, str) else None)
            self.unit.audit(s, Action.CHANGE, "practitioner", found.id, {"fields": sorted(fields)})
            return PractitionerProfile.of(found)

    # ------------------------------------------------------------------------------------------
    # keys

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the data key under ``new``; the database itself is not rewritten."""
        self.header.unwrap(old)  # WrongPassphrase if not the current one
        check_new_passphrase(new)
        header = self.header.rewrapped(self._data_key, new)
        header.write(self.paths.header)
        _private_file(self.paths.header)
        self.header = header
        with self.unit.write() as s:
            self.unit.audit(s, Action.PASSPHRASE_CHANGE, "store", None)

    def remember_key(self, keychain: Keychain) -> bool:
        """Let the OS keychain unlock this store without the passphrase; False where there is none."""
        stored = keychain.remember(self.header.store_id, self._data_key)
        if stored:
            with self.unit.write() as s:
                self.unit.audit(s, Action.CHANGE, "store", None, {"keychain": "remember"})
        return stored

    def forget_key(self, keychain: Keychain) -> None:
        keychain.forget(self.header.store_id)
        with self.unit.write() as s:
            self.unit.audit(s, Action.CHANGE, "store", None, {"keychain": "forget"})

    # ------------------------------------------------------------------------------------------
    # backup and restore

    def backup(self, dest: str | os.PathLike[str] | None = None, *, reason: str = "manual") -> Path:
        """Write an encrypted backup (opens with the current passphrase). Default: the backups folder."""
        target = Path(dest) if dest is not None else self.paths.backups / backups.backup_name(reason)
        if target.is_dir():
            target = target / backups.backup_name(reason)
        # Record first, so the backup itself holds the event that made it.
        with self.unit.write() as s:
            self.unit.audit(s, Action.BACKUP, "store", None, {"reason": reason, "file": target.name})
        try:
            with self.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                with conn.begin():
                    revision = _read_revision(raw)
                return backups.write_backup(
                    raw, self._data_key, self.header, target, reason=reason, schema_revision=revision
                )
        except BackupError:
            with self.unit.write() as s:
                self.unit.audit(s, Action.BACKUP, "store", None,
                                {"reason": reason, "file": target.name, "failed": True})
            raise

    @staticmethod
    def verify_backup(backup_file: str | os.PathLike[str], passphrase: str, workdir: Path) -> backups.Manifest:
        with backups.extracted(Path(backup_file), passphrase, workdir) as (manifest, _key, _db):
            return manifest

    @classmethod
    def restore(
        cls,
        backup_file: str | os.PathLike[str],
        passphrase: str,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        busy_seconds: float = DEFAULT_BUSY_SECONDS,
    ) -> tuple[Store, Path | None]:
        """Replace the store with a checked backup. Returns the opened store and the folder where the
        replaced files were put aside (None if there was no store). Nothing changes if the check fails.
        """
        paths = StorePaths.resolve(data_dir)
        _private_dir(paths.root)
        _private_dir(paths.backups)
        restores.roll_back(paths)
        source = Path(backup_file).resolve()
        lock = StoreLock(paths.lock)
        if not lock.acquire(exclusive=True):
            raise StoreBusy(paths.root, "cannot restore")
        try:
            with backups.extracted(source, passphrase, paths.root) as (manifest, data_key, extracted_db):
                if manifest.schema_revision is not None and not migrate.is_known(manifest.schema_revision):
                    raise StoreTooNew(source, manifest.schema_revision)
                aside = restores.swap_in(paths, extracted_db, manifest, data_key)
        finally:
            lock.release()
        store = cls.open(passphrase, paths.root, busy_seconds=busy_seconds)
        with store.unit.write() as s:
            store.unit.audit(s, Action.RESTORE, "store", None, {"file": source.name, "created_at": manifest.created_at})
        return store, aside
