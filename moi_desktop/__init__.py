"""MOI District Desk core: everything that is not Qt lives here."""

__version__ = "0.1.0"
APP_NAME = "MOI District Desk"
APP_NAME_TH = "โปรแกรมอำเภอนำร่อง บำบัดทุกข์ บำรุงสุข"
