"""The case store: one object that opens the encrypted database and does every operation the app,
the CLI and (later) the PDF and training parts need. The GUI never runs SQL itself; it calls these.

Every write happens in one transaction together with its audit event, so either both are saved or
neither is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlcipher3
from sqlalchemy import Date, Engine, Integer, Select, bindparam, column, exists, func, or_, select, table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from dash_desktop.store import audit, migrate
from dash_desktop.store import backup as backups
from dash_desktop.store.audit import Action
from dash_desktop.store.engine import connect_raw, make_engine
from dash_desktop.store.errors import (
    AlreadyInitialised,
    BackupError,
    Conflict,
    NotFound,
    NotInitialised,
    PassphraseRequired,
    StoreBusy,
    StoreDamaged,
    StoreTooNew,
)
from dash_desktop.store.keychain import Keychain
from dash_desktop.store.keys import KdfParams, KeyHeader, check_new_passphrase, fsync_dir, key_id
from dash_desktop.store.location import StorePaths
from dash_desktop.store.lock import StoreLock
from dash_desktop.store.models import (
    EQUALITY_FIELDS,
    PEOPLE_NAME_INDEX,
    Assessment,
    AssessmentStatus,
    AuditEvent,
    Case,
    CaseStatus,
    Note,
    Person,
    Practitioner,
    Referral,
    ReferralKind,
    ReferralStatus,
    Role,
    SignedDocument,
    utcnow,
)

PAGE_SIZE = 50


@dataclass(frozen=True)
class Profile:
    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    reference: str
    area: str | None
    status: str
    review_on: dt.date | None
    risk_level: str | None
    updated_at: dt.datetime
    #: The latest MARAC meeting date among the case's MARAC referrals that were not declined.
    marac_on: dt.date | None = None


@dataclass(frozen=True)
class LinkedCase:
    """Another case in which the same person is the perpetrator."""

    case_id: int
    reference: str
    status: str
    person_id: int
    #: Matched on the name alone: one or both dates of birth are not recorded.
    possible: bool


@dataclass(frozen=True)
class SerialPerpetratorLink:
    """One perpetrator of a case, the other cases they are the perpetrator in, and how many distinct
    victims those cases and this one hold (MATAC: a serial perpetrator has 2 or more victims)."""

    person_id: int
    name: str
    date_of_birth: dt.date | None
    cases: tuple[LinkedCase, ...]  # the other cases, by reference
    victims: int  # distinct victims across this case and the linked ones
    #: The perpetrator in more than one case, or more than one victim across their cases.
    serial: bool

    @property
    def possible(self) -> bool:
        """Some link rests on the name alone (a date of birth is not recorded)."""
        return any(c.possible for c in self.cases)


def _count_victims(victims: Sequence[tuple[str | None, dt.date | None]]) -> int:
    """Distinct victims by name key and date of birth; one with no date of birth is taken to be the
    same person as a namesake whose date is known (so the count is never inflated by a missing date)."""
    by_name: dict[str | None, set[dt.date | None]] = {}
    for key, dob in victims:
        by_name.setdefault(key, set()).add(dob)
    return sum(max(1, len(dobs - {None})) for dobs in by_name.values())


#: The columns the case list can be sorted by. Each is either indexed (its index also holds the row
#: id, so "column, id" is read straight off it, in either direction) or, for ``marac_on``, computed.
SORT_KEYS = ("reference", "area", "status", "review_on", "risk_level", "marac_on", "updated_at")


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)


def _private_file(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _read_revision(conn: sqlcipher3.Connection) -> str | None:
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


#: Temporary files an interrupted backup, restore or header write leaves behind (all encrypted or
#: non-secret); swept on open once they are older than this, so a concurrent operation is never hit.
LEFTOVER_PATTERNS = (
    (".", ".restore-*.db"),
    (".", ".keys.json.*.tmp"),
    ("backups", ".dash-*.export"),
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


_NAME_INDEX = table(PEOPLE_NAME_INDEX, column("rowid"), column("name"))


@functools.cache
def _case_list_statement(
    search: str,
    area: bool,
    risk_level: bool,
    status: bool,
    review_before: bool,
    marac_from: bool,
    marac_to: bool,
    order_by: str,
    descending: bool,
) -> Select[int, str, str | None, str, dt.date | None, str | None, dt.datetime, dt.date | None]:
    """The case-list query for one combination of filters and one sort order, built once and reused
    (values are bound parameters), so SQLAlchemy's compiled-statement cache is hit without
    re-adapting the statement.

    ``search`` is "" (none), "index" (names through the trigram index) or "scan" (names by a plain
    LIKE, for search text holding LIKE's own wildcards, which the index cannot take escaped). Ties in
    the sort key are broken by the case id in the same direction, so pages are stable and an indexed
    column is read straight off its index.
    """
    marac = (
        Referral.case_id == Case.id,
        Referral.kind == ReferralKind.MARAC.value,
        Referral.status != ReferralStatus.DECLINED.value,
    )
    marac_on = select(func.max(Referral.meeting_on)).where(*marac).scalar_subquery()
    key = marac_on if order_by == "marac_on" else getattr(Case, order_by)
    query = select(
        Case.id, Case.reference, Case.area, Case.status, Case.review_on, Case.risk_level, Case.updated_at, marac_on
    ).order_by(*((key.desc(), Case.id.desc()) if descending else (key.asc(), Case.id.asc())))
    if search:
        if search == "index":
            people = select(_NAME_INDEX.c.rowid).where(_NAME_INDEX.c.name.like(bindparam("anywhere")))
        else:
            people = select(Person.id).where(Person.name.like(bindparam("anywhere"), escape="\\"))
        query = query.where(
            or_(
                Case.reference.like(bindparam("prefix"), escape="\\"),
                Case.id.in_(select(Person.case_id).where(Person.id.in_(people))),
            )
        )
    if area:
        query = query.where(Case.area == bindparam("area"))
    if risk_level:
        query = query.where(Case.risk_level == bindparam("risk_level"))
    if status:
        query = query.where(Case.status == bindparam("status"))
    if review_before:
        query = query.where(Case.review_on <= bindparam("review_before", type_=Date()))
    if marac_from or marac_to:
        meeting = [*marac, Referral.meeting_on.is_not(None)]
        if marac_from:
            meeting.append(Referral.meeting_on >= bindparam("marac_from", type_=Date()))
        if marac_to:
            meeting.append(Referral.meeting_on <= bindparam("marac_to", type_=Date()))
        query = query.where(exists().where(*meeting))
    return query.limit(bindparam("limit", type_=Integer())).offset(bindparam("offset", type_=Integer()))


class Store:
    """An unlocked case store. Use :meth:`create` or :meth:`open`, and :meth:`close` (or ``with``)."""

    def __init__(
        self, paths: StorePaths, header: KeyHeader, data_key: bytes, engine: Engine, lock: StoreLock | None = None
    ) -> None:
        self.paths = paths
        self._lock = lock
        self.header = header
        self._data_key = data_key
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(immediate=True), expire_on_commit=False)
        self._actor: str | None = None

    # ------------------------------------------------------------------------------------------
    # opening and closing

    @classmethod
    def create(
        cls,
        passphrase: str,
        profile: Profile,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        kdf: KdfParams | None = None,
        keychain: Keychain | None = None,
        remember: bool = False,
    ) -> Store:
        """Make a new, empty store. Refuses if any store file is already there."""
        paths = StorePaths.resolve(data_dir)
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
            engine = make_engine(paths.database, data_key)
            try:
                with engine.begin() as conn:
                    migrate.upgrade(conn)
                # The header is written last and atomically: a store without one is never half made.
                header.write(paths.header)
                _private_file(paths.header)
            except BaseException:
                engine.dispose()
                for leftover in (paths.database, *paths.sidecar_files()):
                    leftover.unlink(missing_ok=True)
                raise
        except BaseException:
            lock.release()
            raise
        store = cls(paths, header, data_key, engine, lock)
        with store._write() as s:
            practitioner = Practitioner(name=profile.name, role=profile.role, organisation=profile.organisation)
            s.add(practitioner)
            s.flush()
            store._actor = practitioner.name
            store._audit(
                s, Action.CREATE, "store", None, {"store_id": header.store_id, "schema": migrate.head_revision()}
            )
        if remember:
            store.remember_key(keychain or Keychain())
        return store

    @classmethod
    def open(
        cls,
        passphrase: str | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        keychain: Keychain | None = None,
    ) -> Store:
        """Unlock with ``passphrase``, or else with the key the OS keychain remembers (if ``keychain``).

        Nothing is written unless the unlock succeeds. A database from an older program is backed up
        and then migrated; one from a newer program is refused.
        """
        paths = StorePaths.resolve(data_dir)
        if not paths.exists():
            raise NotInitialised(paths.root)
        lock = cls._shared_lock(paths, "cannot open the store")
        try:
            return cls._open(paths, passphrase, keychain, lock)
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
    def _open(cls, paths: StorePaths, passphrase: str | None, keychain: Keychain | None, lock: StoreLock) -> Store:
        newest = backups.newest_backup(paths.backups)
        header = KeyHeader.read(paths.header, newest)
        if not paths.database.exists():
            raise StoreDamaged(paths.database, "the case database is missing", newest)
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
        engine = make_engine(paths.database, data_key)
        store = cls(paths, header, data_key, engine, lock)
        try:
            if revision != head:
                with engine.begin() as sa_conn:
                    migrate.upgrade(sa_conn)  # from whatever revision it has now: a no-op if already done
                lock.release()
                if not lock.acquire(exclusive=False):  # pragma: no cover - a restore started in between
                    raise StoreBusy(paths.root, "cannot open the store")
            with store._write() as s:
                store._actor = store._load_actor(s)
                if revision != head:
                    store._audit(s, Action.MIGRATE, "store", None, {"from": revision, "to": head})
                store._audit(s, Action.UNLOCK, "store", None, {"by": "passphrase" if passphrase else "keychain"})
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
        """Close every connection and drop this object's copy of the data key (a lock screen closes
        the store and unlocks it again, rather than keeping it open behind the screen)."""
        self.engine.dispose()
        self._data_key = b""
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def store_id(self) -> str:
        return self.header.store_id

    # ------------------------------------------------------------------------------------------
    # sessions and audit

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One ``BEGIN IMMEDIATE`` transaction: the change and its audit event commit together."""
        with self._write_sessions() as session, session.begin():
            yield session

    def _audit(
        self,
        s: Session,
        action: str,
        entity: str | None,
        entity_id: int | None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        audit.append(s, action, actor=self._actor, entity=entity, entity_id=entity_id, detail=detail)

    @staticmethod
    def _load_actor(s: Session) -> str | None:
        return s.scalar(select(Practitioner.name).order_by(Practitioner.id).limit(1))

    def verify_audit(self) -> audit.Verification:
        with self._read() as s:
            return audit.verify(s)

    def audit_events(self, limit: int = 100) -> list[AuditEvent]:
        with self._read() as s:
            return list(s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)))

    def record_export(self, entity: str, entity_id: int | None, detail: Mapping[str, Any]) -> None:
        """For exports done outside the store (a PDF saved to a file, a JSON export)."""
        with self._write() as s:
            self._audit(s, Action.EXPORT, entity, entity_id, detail)

    # ------------------------------------------------------------------------------------------
    # the practitioner

    def practitioner(self) -> Practitioner:
        with self._read() as s:
            found = s.scalar(select(Practitioner).order_by(Practitioner.id).limit(1))
        if found is None:  # pragma: no cover - create() always adds one
            raise NotFound("this store has no practitioner profile")
        return found

    def update_practitioner(self, **fields: str | None) -> Practitioner:
        allowed = {"name", "role", "organisation"}
        if unknown := set(fields) - allowed:
            raise Conflict(f"unknown profile fields: {', '.join(sorted(unknown))}")
        with self._write() as s:
            p = s.scalars(select(Practitioner).order_by(Practitioner.id).limit(1)).one()
            for name, value in fields.items():
                setattr(p, name, value)
            self._audit(s, Action.CHANGE, "practitioner", p.id, {"fields": sorted(fields)})
            self._actor = p.name
        return p

    # ------------------------------------------------------------------------------------------
    # cases

    def add_case(
        self,
        reference: str,
        *,
        area: str | None = None,
        review_on: dt.date | None = None,
        people: Sequence[tuple[str, str]] = (),
    ) -> Case:
        """A new case, with its people given as (role, name) pairs, all in one transaction."""
        reference = reference.strip()
        if not reference:
            raise Conflict("a case needs a reference")
        for role, name in people:
            self._check_person_fields(role, name, {})
        try:
            with self._write() as s:
                case = Case(reference=reference, area=area, review_on=review_on)
                s.add(case)
                s.flush()
                self._audit(s, Action.CREATE, "case", case.id)
                for role, name in people:
                    person = Person(case_id=case.id, role=role, name=name.strip())
                    s.add(person)
                    s.flush()
                    self._audit(s, Action.CREATE, "person", person.id, {"case": case.id, "role": role})
        except IntegrityError:
            raise Conflict(f"there is already a case with reference {reference!r}") from None
        return case

    @staticmethod
    def _check_person_fields(role: str, name: str, equality: Mapping[str, Any]) -> None:
        if role not in set(Role):
            raise Conflict(f"a person's role is one of: {', '.join(Role)}")
        if unknown := set(equality) - set(EQUALITY_FIELDS):
            raise Conflict(f"unknown equality fields: {', '.join(sorted(unknown))}")
        if not name.strip():
            raise Conflict("a person needs a name (or a placeholder such as 'Child 1')")

    def _case(self, s: Session, ref: int | str) -> Case:
        if isinstance(ref, int):
            case = s.get(Case, ref)
        else:
            case = s.scalar(select(Case).where(Case.reference == ref.strip()))
            if case is None and ref.strip().isdigit():
                case = s.get(Case, int(ref.strip()))
        if case is None:
            raise NotFound(f"no case {ref!r} in this store")
        return case

    def get_case(self, ref: int | str) -> Case:
        """The case with its people, assessments, referrals and notes loaded (by id or reference)."""
        with self._read() as s:
            case_id = self._case(s, ref).id
            query = (
                select(Case)
                .where(Case.id == case_id)
                .options(*(selectinload(rel) for rel in (Case.people, Case.assessments, Case.referrals, Case.notes)))
                .execution_options(populate_existing=True)
            )
            case = s.scalars(query).one()
            return case

    def update_case(self, ref: int | str, **fields: Any) -> Case:
        allowed = {"reference", "area", "status", "review_on"}
        if unknown := set(fields) - allowed:
            raise Conflict(f"unknown case fields: {', '.join(sorted(unknown))}")
        if "status" in fields and fields["status"] not in set(CaseStatus):
            raise Conflict(f"a case's status is one of: {', '.join(CaseStatus)}")
        try:
            with self._write() as s:
                case = self._case(s, ref)
                for name, value in fields.items():
                    setattr(case, name, value)
                case.updated_at = utcnow()
                self._audit(s, Action.CHANGE, "case", case.id, {"fields": sorted(fields)})
        except IntegrityError:
            raise Conflict(f"there is already a case with reference {fields.get('reference')!r}") from None
        return case

    def delete_case(self, ref: int | str) -> None:
        """Remove a case and everything in it. The audit chain keeps the fact, not the content."""
        with self._write() as s:
            case = self._case(s, ref)
            case_id = case.id
            s.delete(case)
            self._audit(s, Action.DELETE, "case", case_id)

    def list_cases(
        self,
        *,
        search: str | None = None,
        area: str | None = None,
        risk_level: str | None = None,
        status: str | None = None,
        review_before: dt.date | None = None,
        marac_from: dt.date | None = None,
        marac_to: dt.date | None = None,
        order_by: str = "updated_at",
        descending: bool = True,
        limit: int = PAGE_SIZE,
        offset: int = 0,
    ) -> list[CaseRow]:
        """A page of the case list, by default most recently changed first.

        ``search`` matches the start of a reference or any part of a person's name, ignoring case
        (through indexes: the reference's and a trigram index of names). ``area`` is an exact match.
        ``marac_from`` / ``marac_to`` keep cases with a MARAC meeting (of a referral not declined) in
        that range, inclusive. ``order_by`` is one of :data:`SORT_KEYS`; ties are broken by the case id
        in the same direction. SQLite puts empty values first when ascending.
        """
        if order_by not in SORT_KEYS:
            raise Conflict(f"the case list is sorted by one of: {', '.join(SORT_KEYS)}")
        text = (search or "").strip()
        mode = "" if not text else "scan" if any(c in text for c in "%_\\") else "index"
        statement = _case_list_statement(
            mode, bool(area), bool(risk_level), bool(status), review_before is not None,
            marac_from is not None, marac_to is not None, order_by, descending,
        )
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if text:
            params["prefix"] = _like_escape(text) + "%"
            params["anywhere"] = "%" + (_like_escape(text) if mode == "scan" else text) + "%"
        for name, value in (("area", area), ("risk_level", risk_level), ("status", status),
                            ("review_before", review_before), ("marac_from", marac_from), ("marac_to", marac_to)):
            if value:
                params[name] = value
        # A Core connection, not an ORM session: the list is read often and needs no identity map.
        with self.engine.connect() as conn:
            rows = conn.execute(statement, params).all()
        return [CaseRow(*row) for row in rows]

    def serial_perpetrator_links(self, case: int | str) -> list[SerialPerpetratorLink]:
        """For each perpetrator in the case: the other cases where the same person is the perpetrator,
        and the distinct victims across all their cases.

        The same person: an equal :func:`~dash_desktop.store.models.name_key` and, when both are
        recorded, an equal date of birth; where either date is missing the name alone links, marked
        ``possible``. Two index lookups whatever the size of the store: perpetrators by (role,
        name_key), then the victims of the cases found, by case id.
        """
        with self._read() as s:
            c = self._case(s, case)
            perpetrators = list(s.execute(
                select(Person.id, Person.name, Person.name_key, Person.date_of_birth)
                .where(Person.case_id == c.id, Person.role == Role.PERPETRATOR.value)
                .order_by(Person.id)
            ).all())
            keys = {p.name_key for p in perpetrators if p.name_key}
            if not perpetrators:
                return []
            namesakes = list(s.execute(
                select(Person.id, Person.case_id, Person.name_key, Person.date_of_birth, Case.reference, Case.status)
                .join(Case, Case.id == Person.case_id)
                .where(Person.role == Role.PERPETRATOR.value, Person.name_key.in_(keys), Person.case_id != c.id)
                .order_by(Case.reference, Person.id)
            ).all()) if keys else []
            case_ids = {c.id} | {n.case_id for n in namesakes}
            victims: dict[int, list[tuple[str | None, dt.date | None]]] = {}
            # By case id alone (the role is checked here): with the role in the query, SQLite would
            # rather walk every victim through the (role, name_key) index.
            for case_id, role, key, dob in s.execute(
                select(Person.case_id, Person.role, Person.name_key, Person.date_of_birth)
                .where(Person.case_id.in_(case_ids))
            ).all():
                if role == Role.VICTIM.value:
                    victims.setdefault(case_id, []).append((key, dob))
        links = []
        for p in perpetrators:
            linked: dict[int, LinkedCase] = {}
            for n in namesakes:
                if n.name_key != p.name_key:
                    continue
                if p.date_of_birth is not None and n.date_of_birth is not None and p.date_of_birth != n.date_of_birth:
                    continue
                possible = p.date_of_birth is None or n.date_of_birth is None
                earlier = linked.get(n.case_id)
                if earlier is None or (earlier.possible and not possible):
                    linked[n.case_id] = LinkedCase(n.case_id, n.reference, n.status, n.id, possible)
            their_victims = [v for case_id in (c.id, *linked) for v in victims.get(case_id, [])]
            count = _count_victims(their_victims)
            links.append(SerialPerpetratorLink(p.id, p.name, p.date_of_birth, tuple(linked.values()), count,
                                               serial=bool(linked) or count > 1))
        return links

    def count_cases(self) -> int:
        with self._read() as s:
            return int(s.scalar(select(func.count()).select_from(Case)) or 0)

    # ------------------------------------------------------------------------------------------
    # people, notes, referrals

    def add_person(
        self, case: int | str, role: str, name: str, *, date_of_birth: dt.date | None = None, **equality: str | None
    ) -> Person:
        self._check_person_fields(role, name, equality)
        with self._write() as s:
            c = self._case(s, case)
            person = Person(case_id=c.id, role=role, name=name.strip(), date_of_birth=date_of_birth, **equality)
            s.add(person)
            c.updated_at = utcnow()
            s.flush()
            self._audit(s, Action.CREATE, "person", person.id, {"case": c.id, "role": role})
        return person

    def update_person(self, person_id: int, **fields: Any) -> Person:
        """Change a person's name, role, date of birth or equality-monitoring fields."""
        allowed = {"name", "role", "date_of_birth", *EQUALITY_FIELDS}
        if unknown := set(fields) - allowed:
            raise Conflict(f"unknown person fields: {', '.join(sorted(unknown))}")
        with self._write() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person {person_id} in this store")
            equality = {k: v for k, v in fields.items() if k in EQUALITY_FIELDS}
            self._check_person_fields(fields.get("role", person.role), fields.get("name", person.name), equality)
            for name, value in fields.items():
                setattr(person, name, value.strip() if name == "name" else value)
            case = s.get(Case, person.case_id)
            if case is not None:
                case.updated_at = utcnow()
            self._audit(s, Action.CHANGE, "person", person.id, {"case": person.case_id, "fields": sorted(fields)})
        return person

    def add_note(self, case: int | str, text: str, *, happened_on: dt.date | None = None) -> Note:
        if not text.strip():
            raise Conflict("a note needs some text")
        with self._write() as s:
            c = self._case(s, case)
            note = Note(case_id=c.id, text=text, happened_on=happened_on, author=self._actor)
            s.add(note)
            c.updated_at = utcnow()
            s.flush()
            self._audit(s, Action.CREATE, "note", note.id, {"case": c.id})
        return note

    def add_referral(
        self,
        case: int | str,
        kind: str,
        *,
        status: str = ReferralStatus.PROPOSED.value,
        referred_on: dt.date | None = None,
        meeting_on: dt.date | None = None,
        detail: str | None = None,
        assessment_id: int | None = None,
    ) -> Referral:
        if kind not in set(ReferralKind):
            raise Conflict(f"a referral is one of: {', '.join(ReferralKind)}")
        if status not in set(ReferralStatus):
            raise Conflict(f"a referral's status is one of: {', '.join(ReferralStatus)}")
        with self._write() as s:
            c = self._case(s, case)
            referral = Referral(
                case_id=c.id,
                kind=kind,
                status=status,
                referred_on=referred_on,
                meeting_on=meeting_on,
                detail=detail,
                assessment_id=assessment_id,
            )
            s.add(referral)
            c.updated_at = utcnow()
            s.flush()
            self._audit(s, Action.CREATE, "referral", referral.id, {"case": c.id, "kind": kind, "status": status})
        return referral

    def update_referral(self, referral_id: int, **fields: Any) -> Referral:
        allowed = {"status", "referred_on", "meeting_on", "detail"}
        if unknown := set(fields) - allowed:
            raise Conflict(f"unknown referral fields: {', '.join(sorted(unknown))}")
        if "status" in fields and fields["status"] not in set(ReferralStatus):
            raise Conflict(f"a referral's status is one of: {', '.join(ReferralStatus)}")
        with self._write() as s:
            referral = s.get(Referral, referral_id)
            if referral is None:
                raise NotFound(f"no referral {referral_id} in this store")
            for name, value in fields.items():
                setattr(referral, name, value)
            referral.updated_at = utcnow()
            self._audit(s, Action.CHANGE, "referral", referral.id, {"fields": sorted(fields)})
        return referral

    # ------------------------------------------------------------------------------------------
    # assessments: drafts and autosave

    def start_assessment(
        self,
        case: int | str,
        questionnaire_id: str,
        *,
        questionnaire_version: str | None = None,
        questionnaire_hash: str | None = None,
        subject_person_id: int | None = None,
        assessed_on: dt.date | None = None,
        answers: Mapping[str, Any] | None = None,
        amends: int | None = None,
    ) -> Assessment:
        """A new draft, saved at once. ``amends`` names the completed assessment of the same case that
        this one replaces (a completed or signed assessment is never edited)."""
        with self._write() as s:
            c = self._case(s, case)
            if subject_person_id is not None:
                self._check_person(s, c, subject_person_id)
            if amends is not None:
                earlier = s.get(Assessment, amends)
                if earlier is None or earlier.case_id != c.id:
                    raise NotFound(f"assessment {amends} is not part of case {c.reference!r}")
                if earlier.status == AssessmentStatus.DRAFT:
                    raise Conflict(f"assessment {amends} is a draft: carry on with it rather than amending it")
            practitioner = s.scalars(select(Practitioner).order_by(Practitioner.id).limit(1)).first()
            a = Assessment(
                case_id=c.id,
                questionnaire_id=questionnaire_id,
                questionnaire_version=questionnaire_version,
                questionnaire_hash=questionnaire_hash,
                subject_person_id=subject_person_id,
                assessed_on=assessed_on,
                answers=dict(answers or {}),
                amends_id=amends,
                status=AssessmentStatus.DRAFT.value,
                practitioner_id=practitioner.id if practitioner else None,
                practitioner_name=practitioner.name if practitioner else None,
            )
            s.add(a)
            c.updated_at = utcnow()
            s.flush()
            detail: dict[str, Any] = {"case": c.id, "questionnaire": questionnaire_id}
            if amends is not None:
                detail["amends"] = amends
            self._audit(s, Action.CREATE, "assessment", a.id, detail)
        return a

    @staticmethod
    def _check_person(s: Session, case: Case, person_id: int) -> None:
        person = s.get(Person, person_id)
        if person is None or person.case_id != case.id:
            raise NotFound(f"person {person_id} is not part of case {case.reference!r}")

    def _draft(self, s: Session, assessment_id: int) -> Assessment:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFound(f"no assessment {assessment_id} in this store")
        if a.status != AssessmentStatus.DRAFT:
            raise Conflict(
                f"assessment {assessment_id} is {a.status} and locked; a change needs a new assessment, "
                "never an edit of a completed one"
            )
        return a

    def save_answer(self, assessment_id: int, item_id: str, value: Any) -> int:
        """Autosave one answer (``None`` clears it) in its own transaction; returns the draft's revision.

        Called on every answer change, so a crash loses at most the answer being typed.
        """
        with self._write() as s:
            a = self._draft(s, assessment_id)
            answers = dict(a.answers)
            if value is None:
                answers.pop(item_id, None)
            else:
                answers[item_id] = value
            a.answers = answers
            a.revision += 1
            a.updated_at = utcnow()
            self._audit(s, Action.CHANGE, "assessment", a.id, {"item": item_id, "revision": a.revision})
            return a.revision

    def save_draft(
        self,
        assessment_id: int,
        answers: Mapping[str, Any],
        *,
        assessed_on: dt.date | None = None,
        document: Mapping[str, Any] | None = None,
    ) -> int:
        """Autosave the whole answer set at once (replacing it), with the draft's interchange
        ``document`` (answers and their sources) when given; returns the draft's revision."""
        with self._write() as s:
            a = self._draft(s, assessment_id)
            a.answers = dict(answers)
            if assessed_on is not None:
                a.assessed_on = assessed_on
            if document is not None:
                a.document = dict(document)
            a.revision += 1
            a.updated_at = utcnow()
            self._audit(s, Action.CHANGE, "assessment", a.id, {"items": len(answers), "revision": a.revision})
            return a.revision

    def drafts(self, case: int | str | None = None) -> list[Assessment]:
        """Unfinished assessments, newest first: what the app offers to recover after a crash."""
        query = select(Assessment).where(Assessment.status == AssessmentStatus.DRAFT.value)
        with self._read() as s:
            if case is not None:
                query = query.where(Assessment.case_id == self._case(s, case).id)
            return list(s.scalars(query.order_by(Assessment.updated_at.desc(), Assessment.id.desc())))

    def import_assessment(
        self,
        case: int | str,
        *,
        document: Mapping[str, Any],
        result: Mapping[str, Any] | None,
        questionnaire_id: str,
        questionnaire_version: str | None,
        questionnaire_hash: str | None,
        assessed_on: dt.date | None,
        answers: Mapping[str, Any],
        risk_level: str | None,
        yes_count: int | None,
        complete: bool,
        subject_person_id: int | None = None,
        source: str | None = None,
    ) -> Assessment:
        """Store an assessment brought in from an interchange file, in one transaction: completed with
        its result snapshot when ``complete``, else as a draft to finish in the app."""
        with self._write() as s:
            c = self._case(s, case)
            if subject_person_id is not None:
                self._check_person(s, c, subject_person_id)
            practitioner = s.scalars(select(Practitioner).order_by(Practitioner.id).limit(1)).first()
            now = utcnow()
            a = Assessment(
                case_id=c.id,
                subject_person_id=subject_person_id,
                questionnaire_id=questionnaire_id,
                questionnaire_version=questionnaire_version,
                questionnaire_hash=questionnaire_hash,
                assessed_on=assessed_on,
                answers=dict(answers),
                document=dict(document),
                result=dict(result) if result is not None else None,
                risk_level=risk_level if complete else None,
                yes_count=yes_count if complete else None,
                status=(AssessmentStatus.COMPLETED if complete else AssessmentStatus.DRAFT).value,
                completed_at=now if complete else None,
                practitioner_id=practitioner.id if practitioner else None,
                practitioner_name=practitioner.name if practitioner else None,
            )
            s.add(a)
            if complete and risk_level is not None:
                c.risk_level = risk_level
            c.updated_at = now
            s.flush()
            detail: dict[str, Any] = {"case": c.id, "questionnaire": questionnaire_id, "status": a.status}
            if source:
                detail["file"] = source
            self._audit(s, Action.IMPORT, "assessment", a.id, detail)
            if complete:
                self._audit(s, Action.COMPLETE, "assessment", a.id, {"risk_level": risk_level, "yes_count": yes_count})
        return a

    def recover_draft(self, assessment_id: int) -> Assessment:
        """Reopen a draft explicitly (never silently): recorded in the audit chain."""
        with self._write() as s:
            a = self._draft(s, assessment_id)
            self._audit(s, Action.RECOVER, "assessment", a.id, {"revision": a.revision})
        return a

    def get_assessment(self, assessment_id: int) -> Assessment:
        with self._read() as s:
            a = s.get(Assessment, assessment_id)
            if a is None:
                raise NotFound(f"no assessment {assessment_id} in this store")
            s.refresh(a, ["case"])
            return a

    def complete_assessment(
        self,
        assessment_id: int,
        *,
        result: Mapping[str, Any],
        risk_level: str | None,
        yes_count: int | None,
        document: Mapping[str, Any] | None = None,
        questionnaire_version: str | None = None,
        questionnaire_hash: str | None = None,
        case_level: bool = True,
    ) -> Assessment:
        """Lock a draft with its scored result (a snapshot that is never recomputed). ``case_level``:
        whether its risk level becomes the case's (the victim's checklist does; a perpetrator's
        assessment has its own level, shown beside the victim's, not in place of it)."""
        with self._write() as s:
            a = self._draft(s, assessment_id)
            a.result = dict(result)
            a.risk_level = risk_level
            a.yes_count = yes_count
            if document is not None:
                a.document = dict(document)
            if questionnaire_version is not None:
                a.questionnaire_version = questionnaire_version
            if questionnaire_hash is not None:
                a.questionnaire_hash = questionnaire_hash
            a.status = AssessmentStatus.COMPLETED.value
            a.completed_at = a.updated_at = utcnow()
            case = s.get(Case, a.case_id)
            if case is not None:
                if risk_level is not None and case_level:
                    case.risk_level = risk_level
                case.updated_at = utcnow()
            self._audit(s, Action.COMPLETE, "assessment", a.id, {"risk_level": risk_level, "yes_count": yes_count})
        return a

    # ------------------------------------------------------------------------------------------
    # signed documents

    def attach_signed_document(self, assessment_id: int, filename: str, pdf: bytes) -> SignedDocument:
        """Keep a signed PDF of a completed assessment; the assessment becomes ``signed``."""
        with self._write() as s:
            a = s.get(Assessment, assessment_id)
            if a is None:
                raise NotFound(f"no assessment {assessment_id} in this store")
            if a.status == AssessmentStatus.DRAFT:
                raise Conflict(f"assessment {assessment_id} is a draft; complete it before signing")
            doc = SignedDocument(
                assessment_id=a.id, filename=filename, content=pdf, sha256=hashlib.sha256(pdf).hexdigest()
            )
            s.add(doc)
            a.status = AssessmentStatus.SIGNED.value
            a.signed_at = utcnow()
            s.flush()
            self._audit(s, Action.SIGN, "assessment", a.id, {"document": doc.id, "sha256": doc.sha256})
        return doc

    def signed_document(self, document_id: int) -> SignedDocument:
        """The document, after checking its bytes still match the SHA-256 recorded when it was stored."""
        with self._read() as s:
            doc = s.get(SignedDocument, document_id)
        if doc is None:
            raise NotFound(f"no signed document {document_id} in this store")
        if hashlib.sha256(doc.content).hexdigest() != doc.sha256:
            raise StoreDamaged(self.paths.database, f"signed document {document_id} no longer matches its checksum")
        return doc

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
        with self._write() as s:
            self._audit(s, Action.PASSPHRASE_CHANGE, "store", None)

    def remember_key(self, keychain: Keychain) -> bool:
        """Let the OS keychain unlock this store without the passphrase; False where there is none."""
        stored = keychain.remember(self.header.store_id, self._data_key)
        if stored:
            with self._write() as s:
                self._audit(s, Action.CHANGE, "store", None, {"keychain": "remember"})
        return stored

    def forget_key(self, keychain: Keychain) -> None:
        keychain.forget(self.header.store_id)
        with self._write() as s:
            self._audit(s, Action.CHANGE, "store", None, {"keychain": "forget"})

    # ------------------------------------------------------------------------------------------
    # backup and restore

    def backup(self, dest: str | os.PathLike[str] | None = None, *, reason: str = "manual") -> Path:
        """Write an encrypted backup (opens with the current passphrase). Default: the backups folder."""
        target = Path(dest) if dest is not None else self.paths.backups / backups.backup_name(reason)
        if target.is_dir():
            target = target / backups.backup_name(reason)
        # Record first, so the backup itself holds the event that made it.
        with self._write() as s:
            self._audit(s, Action.BACKUP, "store", None, {"reason": reason, "file": target.name})
        try:
            with self.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                with conn.begin():
                    revision = _read_revision(raw)
                return backups.write_backup(
                    raw, self._data_key, self.header, target, reason=reason, schema_revision=revision
                )
        except BackupError:
            with self._write() as s:
                self._audit(s, Action.BACKUP, "store", None, {"reason": reason, "file": target.name, "failed": True})
            raise

    @staticmethod
    def verify_backup(backup_file: str | os.PathLike[str], passphrase: str, workdir: Path) -> backups.Manifest:
        with backups.extracted(Path(backup_file), passphrase, workdir) as (manifest, _key, _db):
            return manifest

    @classmethod
    def restore(
        cls, backup_file: str | os.PathLike[str], passphrase: str, data_dir: str | os.PathLike[str] | None = None
    ) -> tuple[Store, Path | None]:
        """Replace the store with a checked backup. Returns the opened store and the folder where the
        replaced files were put aside (None if there was no store). Nothing changes if the check fails.
        """
        paths = StorePaths.resolve(data_dir)
        _private_dir(paths.root)
        _private_dir(paths.backups)
        source = Path(backup_file).resolve()
        lock = StoreLock(paths.lock)
        if not lock.acquire(exclusive=True):
            raise StoreBusy(paths.root, "cannot restore")
        try:
            with backups.extracted(source, passphrase, paths.root) as (manifest, _data_key, extracted_db):
                if manifest.schema_revision is not None and not migrate.is_known(manifest.schema_revision):
                    raise StoreTooNew(source, manifest.schema_revision)
                aside: Path | None = None
                current = [p for p in (paths.database, *paths.sidecar_files(), paths.header) if p.exists()]
                if current:
                    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
                    aside = paths.root / f"replaced-{stamp}-{secrets.token_hex(3)}"
                    _private_dir(aside)
                    for f in current:
                        shutil.move(str(f), aside / f.name)
                try:
                    os.replace(extracted_db, paths.database)
                    manifest.header.write(paths.header)
                    _private_file(paths.header)
                    fsync_dir(paths.root)
                except OSError as exc:  # pragma: no cover - disk faults
                    raise BackupError(
                        f"the restore could not finish: {exc}; the replaced files are in {aside}"
                    ) from None
        finally:
            lock.release()
        store = cls.open(passphrase, paths.root)
        with store._write() as s:
            store._audit(s, Action.RESTORE, "store", None, {"file": source.name, "created_at": manifest.created_at})
        return store, aside
