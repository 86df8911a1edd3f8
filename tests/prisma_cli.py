#!/usr/bin/env python3
"""`schemaguard diff` and `check` over Prisma schemas, end to end:

  - a finding on the head version points into it, with the related location in the old one;
  - a prismaSchemaFolder (a directory of .prisma files) is one schema on each side;
  - a version that does not parse is reported and not compared (no false drops);
  - an ignore comment above the model suppresses a finding at the model header, and one left in
    the old version is not reported as unused;
  - `check` of a schema with no base reports parse errors with line and column, nothing else."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sgtest  # noqa: E402

OLD = '''model User {
  id     Int     @id
  email  String
  legacy Boolean
  posts  Post[]
}

model Post {
  id       Int  @id
  author   User @relation(fields: [authorId], references: [id])
  authorId Int
}
'''


def write(d, name, text):
    p = os.path.join(d, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w') as f:
        f.write(text)
    return p


def main():
    fails = sgtest.Failures()
    with tempfile.TemporaryDirectory() as d:
        # 1. a drop, pointing at the model header in the new file, related to the old field
        write(d, 'old.prisma', OLD)
        write(d, 'new.prisma', OLD.replace('  legacy Boolean\n', ''))
        _, fs = sgtest.findings(['diff', 'old.prisma', 'new.prisma'], cwd=d)
        got = [(f['rule'], f['file'], f['line'], f['column']) for f in fs]
        if got != [('drop-column', 'new.prisma', 1, 1)]:
            fails.add('drop-column at new.prisma:1:1 expected, got %s' % got)

        # 2. folders: the relation field and its model live in different files
        write(d, 'a/user.prisma', OLD.split('model Post')[0])
        write(d, 'a/post.prisma', 'model Post' + OLD.split('model Post')[1])
        write(d, 'b/user.prisma', OLD.split('model Post')[0].replace('  email  String\n', ''))
        write(d, 'b/post.prisma', 'model Post' + OLD.split('model Post')[1])
        _, fs = sgtest.findings(['diff', 'a', 'b'], cwd=d)
        got = [(f['rule'], f['file'], f['line']) for f in fs]
        if got != [('drop-column', 'b/user.prisma', 1)]:
            fails.add('folder diff: expected one drop-column in b/user.prisma, got %s' % got)

        # 3. a head that does not parse is not compared
        write(d, 'broken.prisma', OLD.replace('  email  String\n', '  email  String @default(\n'))
        status, out, err = sgtest.run(['diff', 'old.prisma', 'broken.prisma', '--fail-on',
                                       'never'], cwd=d, env={'NO_COLOR': '1'})
        if 'parse-error' not in out or 'drop-column' in out or 'not compared' not in out + err:
            fails.add('broken head: expected a parse error and no comparison, got:\n%s%s' %
                      (out, err))

        # 4. suppressions: above the model (head), and a stale one in the old version
        write(d, 'old2.prisma', OLD.replace('  legacy Boolean\n',
                                            '  // schemaguard-ignore drop-column: old\n'
                                            '  legacy Boolean\n'))
        write(d, 'new2.prisma', '// schemaguard-ignore drop-column: exported first\n' +
              OLD.replace('  legacy Boolean\n', ''))
        _, fs = sgtest.findings(['diff', 'old2.prisma', 'new2.prisma'], cwd=d)
        got = [(f['rule'], f['file'], f['line'], f['suppressed']) for f in fs]
        if got != [('drop-column', 'new2.prisma', 2, True)]:
            fails.add('suppression: expected one suppressed drop-column, got %s' % got)

        # 5. check without a base: only parse errors, with their position
        write(d, 'solo/schema.prisma', 'model A {\n  id Int @id\n  name\n}\n')
        _, fs = sgtest.findings(['check', 'solo/schema.prisma'], cwd=d)
        got = [(f['rule'], f['line'], f['column'], f['message']) for f in fs]
        if got != [('parse-error', 3, 3, "field 'name' has no type")]:
            fails.add('check: expected one parse error at 3:3, got %s' % got)
    fails.finish('Prisma diff and check behave end to end')


if __name__ == '__main__':
    main()
