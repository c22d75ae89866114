"""Type names shared by every module that takes the database."""

from typing import TypeAlias

import sqlite_utils

# The installation's open database: the first parameter of every core operation.
Database: TypeAlias = sqlite_utils.Database
