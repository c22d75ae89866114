"""Type names shared by every module that takes the database."""

import sqlite_utils

# The installation's open database: the first parameter of every core operation. A plain
# assignment (not a `type` statement) keeps it the class itself, usable at run time too.
Database = sqlite_utils.Database
