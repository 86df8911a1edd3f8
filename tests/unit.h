/* Shared by the cmocka unit tests: an arena per test in *state. */
#ifndef SG_TEST_UNIT_H
#define SG_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arena.h"

static inline int unit_setup(void **state)
{
    *state = sg_arena_new();
    return 0;
}

static inline int unit_teardown(void **state)
{
    sg_arena_free(*state);
    return 0;
}

#define UNIT(fn) cmocka_unit_test_setup_teardown(fn, unit_setup, unit_teardown)

#endif
