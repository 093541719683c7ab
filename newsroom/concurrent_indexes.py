"""Migration operations that build and drop indexes without blocking writes
on PostgreSQL (CREATE / DROP INDEX CONCURRENTLY: a big table's index takes
seconds to build, and a plain CREATE INDEX holds off every save of the table
for that time), and as ``AddIndex`` / ``RemoveIndex`` elsewhere.

PostgreSQL runs these outside a transaction: the migration using them sets
``atomic = False``, so a migration that fails half-way is not recorded and
runs again from its start. An index it already built is then kept, and one
whose build failed (PostgreSQL leaves it INVALID under its name) is dropped
and built again; dropping is ``IF EXISTS``.
"""

from django.db import migrations


def _concurrently(schema_editor) -> dict:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def _built(schema_editor, model, name: str) -> bool:
    """Whether index ``name`` of ``model``'s table is built and valid; an
    invalid one (a concurrent build that failed) is dropped first."""
    if schema_editor.connection.vendor != "postgresql":
        return False
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND i.indrelid = %s::regclass",
            [name, schema_editor.quote_name(model._meta.db_table)],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    if not row[0]:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(name)}")
        return False
    return True


class AddIndexConcurrently(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model) and not _built(
            schema_editor, model, self.index.name
        ):
            schema_editor.add_index(model, self.index, **_concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_concurrently(schema_editor))


class RemoveIndexConcurrently(migrations.RemoveIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.remove_index(model, index, **_concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.add_index(model, index, **_concurrently(schema_editor))
