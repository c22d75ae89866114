"""The .xlsx boundary in both directions: `guard` checks a workbook before openpyxl reads it (sizes,
compression, XML declarations, cell sizes — memory stays bounded whatever the file claims), and
`save` is the one way the program writes a workbook (user text stays text, never a formula).
"""
