; orm-force-sync: ORM calls that drop tables or the whole schema (rules/orm_force_sync.md).
; Conventions (lint/code.h): @at is where the finding points, @value the option's value
; (literal false: not reported; true: the rule's level; anything else: warning), and
; (#set! fact "...") names what was found. Captures starting with _ feed predicates only.
; A file holding none of these words cannot match and is not queried (lint/code.c):
; trigger: .sync dropSchema dropDatabase refreshDatabase

; Sequelize: sequelize.sync({ force: true }), User.sync(...), db.sequelize.sync(...)
((call_expression
   function: (member_expression property: (property_identifier) @_method)
   arguments: (arguments . (object (pair key: (_) @_key value: (_) @value) @at)))
 (#eq? @_method "sync")
 (#match? @_key "^[\"']?force[\"']?$")
 (#set! fact "Sequelize sync({ force })"))

; The shorthand { force } takes its value from a variable: not provably false.
((call_expression
   function: (member_expression property: (property_identifier) @_method)
   arguments: (arguments . (object (shorthand_property_identifier) @at @value)))
 (#eq? @_method "sync")
 (#eq? @at "force")
 (#set! fact "Sequelize sync({ force })"))

; TypeORM: dropSchema in the options of new DataSource({...}) ...
((new_expression
   constructor: (_) @_ctor
   arguments: (arguments . (object (pair key: (_) @_key value: (_) @value) @at)))
 (#match? @_ctor "^(typeorm\\.)?DataSource$")
 (#match? @_key "^[\"']?dropSchema[\"']?$")
 (#set! fact "TypeORM dropSchema option"))

; ... of createConnection({...}) and TypeOrmModule.forRoot({...}) ...
((call_expression
   function: (_) @_fn
   arguments: (arguments . (object (pair key: (_) @_key value: (_) @value) @at)))
 (#match? @_fn "^((typeorm\\.)?createConnections?|TypeOrmModule\\.forRoot)$")
 (#match? @_key "^[\"']?dropSchema[\"']?$")
 (#set! fact "TypeORM dropSchema option"))

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
 (#match? @_key "^[\"']?dropSchema[\"']?$")
 (#set! fact "TypeORM dropSchema option"))

; ... and of a config object typed as DataSourceOptions (or declared `satisfies` / `as` one).
((variable_declarator
   type: (type_annotation (_) @_type)
   value: (object (pair key: (_) @_key value: (_) @value) @at))
 (#match? @_type "^(DataSourceOptions|ConnectionOptions|TypeOrmModuleOptions|\\w+ConnectionOptions)$")
 (#match? @_key "^[\"']?dropSchema[\"']?$")
 (#set! fact "TypeORM dropSchema option"))

(((_ (object (pair key: (_) @_key value: (_) @value) @at) (type_identifier) @_type) @_cast)
 (#match? @_type "^(DataSourceOptions|ConnectionOptions|TypeOrmModuleOptions|\\w+ConnectionOptions)$")
 (#match? @_key "^[\"']?dropSchema[\"']?$")
 (#set! fact "TypeORM dropSchema option"))

; TypeORM dataSource.dropDatabase() (also MikroORM's and MongoDB's: all drop everything).
((call_expression
   function: (member_expression property: (property_identifier) @_method)) @at
 (#eq? @_method "dropDatabase")
 (#set! fact "dropDatabase()"))

; MikroORM: orm.schema.dropSchema(), orm.getSchemaGenerator().dropSchema(). TypeORM's
; queryRunner.dropSchema(name) in a migration is an explicit, reviewed step: not matched.
((call_expression
   function: (member_expression
     object: (_) @_recv
     property: (property_identifier) @_method)) @at
 (#eq? @_method "dropSchema")
 (#not-match? @_recv "[Qq]ueryRunner$")
 (#set! fact "MikroORM dropSchema()"))

; MikroORM: orm.schema.refreshDatabase() drops and recreates the schema.
((call_expression
   function: (member_expression property: (property_identifier) @_method)) @at
 (#eq? @_method "refreshDatabase")
 (#set! fact "MikroORM refreshDatabase()"))
