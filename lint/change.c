/* Names of change kinds, for tests and debugging output. */
#include "change.h"

const char *sg_change_kind_name(sg_change_kind k)
{
    static const char *const names[SG_CHANGE_KIND_COUNT] = {
        [SG_CHANGE_CREATE_TABLE] = "create-table",
        [SG_CHANGE_DROP_TABLE] = "drop-table",
        [SG_CHANGE_RENAME_TABLE] = "rename-table",
        [SG_CHANGE_ADD_COLUMN] = "add-column",
        [SG_CHANGE_DROP_COLUMN] = "drop-column",
        [SG_CHANGE_RENAME_COLUMN] = "rename-column",
        [SG_CHANGE_ALTER_COLUMN_TYPE] = "alter-column-type",
        [SG_CHANGE_SET_NOT_NULL] = "set-not-null",
        [SG_CHANGE_DROP_NOT_NULL] = "drop-not-null",
        [SG_CHANGE_SET_DEFAULT] = "set-default",
        [SG_CHANGE_DROP_DEFAULT] = "drop-default",
        [SG_CHANGE_ADD_CONSTRAINT] = "add-constraint",
        [SG_CHANGE_DROP_CONSTRAINT] = "drop-constraint",
        [SG_CHANGE_VALIDATE_CONSTRAINT] = "validate-constraint",
        [SG_CHANGE_CREATE_INDEX] = "create-index",
        [SG_CHANGE_DROP_INDEX] = "drop-index",
        [SG_CHANGE_RENAME_INDEX] = "rename-index",
        [SG_CHANGE_CREATE_ENUM] = "create-enum",
        [SG_CHANGE_DROP_ENUM] = "drop-enum",
        [SG_CHANGE_RENAME_ENUM] = "rename-enum",
        [SG_CHANGE_ADD_ENUM_VALUE] = "add-enum-value",
        [SG_CHANGE_RENAME_ENUM_VALUE] = "rename-enum-value",
        [SG_CHANGE_DROP_ENUM_VALUE] = "drop-enum-value",
        [SG_CHANGE_CREATE_SCHEMA] = "create-schema",
        [SG_CHANGE_DROP_SCHEMA] = "drop-schema",
        [SG_CHANGE_RENAME_SCHEMA] = "rename-schema",
        [SG_CHANGE_DROP_DATABASE] = "drop-database",
        [SG_CHANGE_TRUNCATE] = "truncate",
        [SG_CHANGE_DELETE] = "delete",
        [SG_CHANGE_UPDATE] = "update",
        [SG_CHANGE_INSERT_SELECT] = "insert-select",
        [SG_CHANGE_PROBABLE_RENAME_COLUMN] = "probable-rename-column",
        [SG_CHANGE_PROBABLE_RENAME_TABLE] = "probable-rename-table",
        [SG_CHANGE_ROLE_PASSWORD] = "role-password",
        [SG_CHANGE_MIGRATION_EDITED] = "migration-edited",
        [SG_CHANGE_MIGRATION_REMOVED] = "migration-removed",
    };
    return k < SG_CHANGE_KIND_COUNT && names[k] ? names[k] : "?";
}
