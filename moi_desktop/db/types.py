"""Type names shared by every module that takes the database."""

import sqlite3

import sqlite_utils

# The installation's open database: the first parameter of every core operation. A plain
# assignment (not a `type` statement) keeps it the class itself, usable at run time too.
Database = sqlite_utils.Database

# A connection under the Database: SQLCipher's at run time (db/cipher.py), which has the stdlib
# sqlite3.Connection's interface; typed as that, which is what sqlite-utils declares.
Connection = sqlite3.Connection
