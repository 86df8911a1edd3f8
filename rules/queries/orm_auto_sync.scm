; orm-auto-sync: automatic schema sync outside migrations (rules/orm_auto_sync.md).
; Conventions as in orm_force_sync.scm and lint/code.h.
; A file holding none of these words cannot match and is not queried (lint/code.c):
; trigger: .sync synchronize updateSchema

; Sequelize: sequelize.sync({ alter: true }), User.sync(...), db.sequelize.sync(...)
((call_expression
   function: (member_expression property: (property_identifier) @_method)
   arguments: (arguments . (object (pair key: (_) @_key value: (_) @value) @at)))
 (#eq? @_method "sync")
 (#match? @_key "^[\"']?alter[\"']?$")
 (#set! fact "Sequelize sync({ alter })"))

((call_expression
   function: (member_expression property: (property_identifier) @_method)
   arguments: (arguments . (object (shorthand_property_identifier) @at @value)))
 (#eq? @_method "sync")
 (#eq? @at "alter")
 (#set! fact "Sequelize sync({ alter })"))

; TypeORM: synchronize in new DataSource({...}), createConnection({...}),
; TypeOrmModule.forRoot({...}) and config objects typed as DataSourceOptions.
((new_expression
   constructor: (_) @_ctor
   arguments: (arguments . (object (pair key: (_) @_key value: (_) @value) @at)))
 (#match? @_ctor "^(typeorm\\.)?DataSource$")
 (#match? @_key "^[\"']?synchronize[\"']?$")
 (#set! fact "TypeORM synchronize option"))

((call_expression
   function: (_) @_fn
   arguments: (arguments . (object (pair key: (_) @_key value: (_) @value) @at)))
 (#match? @_fn "^((typeorm\\.)?createConnections?|TypeOrmModule\\.forRoot)$")
 (#match? @_key "^[\"']?synchronize[\"']?$")
 (#set! fact "TypeORM synchronize option"))

; NestJS TypeOrmModule.forRootAsync({ useFactory: () => ({ ...options }) }), also with a block
; body that returns the options object.
((call_expression
   function: (_) @_fn
   arguments: (arguments (object (pair
     key: (_) @_factory
     value: [
       (arrow_function body: (parenthesized_expression
         (object (pair key: (_) @_key value: (_) @value) @at)))
       (arrow_function body: (statement_block (return_statement
         (object (pair key: (_) @_key value: (_) @value) @at))))
     ]))))
 (#match? @_fn "^TypeOrmModule\\.forRootAsync$")
 (#eq? @_factory "useFactory")
 (#match? @_key "^[\"']?synchronize[\"']?$")
 (#set! fact "TypeORM synchronize option"))

((variable_declarator
   type: (type_annotation (_) @_type)
   value: (object (pair key: (_) @_key value: (_) @value) @at))
 (#match? @_type "^(DataSourceOptions|ConnectionOptions|TypeOrmModuleOptions|\\w+ConnectionOptions)$")
 (#match? @_key "^[\"']?synchronize[\"']?$")
 (#set! fact "TypeORM synchronize option"))

(((_ (object (pair key: (_) @_key value: (_) @value) @at) (type_identifier) @_type) @_cast)
 (#match? @_type "^(DataSourceOptions|ConnectionOptions|TypeOrmModuleOptions|\\w+ConnectionOptions)$")
 (#match? @_key "^[\"']?synchronize[\"']?$")
 (#set! fact "TypeORM synchronize option"))

; MikroORM: orm.schema.updateSchema(), orm.getSchemaGenerator().updateSchema()
((call_expression
   function: (member_expression property: (property_identifier) @_method)) @at
 (#eq? @_method "updateSchema")
 (#set! fact "MikroORM updateSchema()"))
