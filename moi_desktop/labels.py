"""Thai names of the database's fields — one map, shared by the forms and the audit viewer.

A form's row label and the audit page's "ช่องที่แก้ไข" name the same field the same way
(the audit page showed "ช่อง: closed_at", "via: gui"). `field_label(table, field)` gives
the label (a form adds " *" itself for a required field); `describe_details(details)` turns an
audit entry's details (fields changed, explicit events' keys and values) into one Thai line.
No Qt here: the CLI and reports may use it too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from moi_desktop.members.model import LABELS as MEMBER_LABELS
from moi_desktop.thai.dates import format_thai_date

# Fields that mean the same in every table.
COMMON: dict[str, str] = {
    "deleted_at": "ลบเมื่อ",
    "created_at": "สร้างเมื่อ",
    "updated_at": "แก้ไขเมื่อ",
    "notes": "หมายเหตุ",
    "note": "หมายเหตุ",
    "status": "สถานะ",
    "sort": "ลำดับ",
    "active": "ใช้งานอยู่",
    "name_th": "ชื่อ",
    "start_date": "วันเริ่มต้น",
    "end_date": "วันสิ้นสุด",
    "subdistrict_code": "ตำบล",
    "district_code": "อำเภอ",
    "province_code": "จังหวัด",
    "phone": "โทรศัพท์",
    "photo_hash": "รูปถ่าย",
    "suffix": "ชนิดไฟล์",
    "caption": "คำบรรยายภาพ",
    "member_id": "ภาคีเครือข่าย",
    "project_id": "โครงการ",
    "activity_id": "กิจกรรม",
    "training_id": "หลักสูตรอบรม",
    "session_id": "รอบลงเวลา",
    "case_id": "เรื่องราว",
    "agency_id": "หน่วยงาน",
    "sector": "ภาคีเครือข่าย",
    "progress": "ความก้าวหน้า (%)",
    "indicator_id": "ตัวชี้วัด",
    "goal": "เป้าหมายการพัฒนาที่ยั่งยืน (SDG)",
    "installation_id": "รหัสเครื่อง",
    "org_name": "ชื่อสำนักงาน",
    "level": "ระดับสำนักงาน",
    "since": "ตั้งแต่",
    "until": "ถึง",
    "scope": "ขอบเขตข้อมูล",
    "aggregate_only": "เฉพาะตัวเลขสรุป",
    "counts": "จำนวนรายการแต่ละตาราง",
    "rows_total": "จำนวนรายการรวม",
    "file_name": "ชื่อไฟล์",
    "sha256": "ลายนิ้วมือไฟล์ (SHA-256)",
    # fields shared by the correspondence, meetings, reporting and evaluation tables
    "title": "ชื่อเรื่อง",
    "due_date": "วันครบกำหนด",
    "meeting_id": "การประชุม",
    "round_id": "รอบการคัดเลือก",
    "rubric_id": "หลักเกณฑ์การให้คะแนน",
    "milestone_id": "ระยะ (หมุดหมาย)",
    "household_id": "ครัวเรือน",
    "official_id": "เจ้าหน้าที่",
    "letter_id": "หนังสือ",
    "outgoing_id": "เลขทะเบียนหนังสือส่ง",
    "order_id": "ข้อสั่งการ",
    "name": "ชื่อ - สกุล",
    "position": "ตำแหน่ง",
    "reference": "เลขที่หนังสืออ้างอิง",
    "obligation_code": "รายการที่ต้องรายงาน",
    "period": "งวด",
    "built_at": "จัดทำเมื่อ",
    "built_on": "วันที่จัดทำ",
    "bundle_id": "ชุดข้อมูล",
    "files": "ไฟล์ในชุดส่ง",
    "manifest_sha256": "ลายนิ้วมือรายการไฟล์ (SHA-256)",
    "value": "มูลค่า/จำนวน",
    "kind": "ประเภท",
    "code": "รหัส",
    "source": "ที่มา",
    "attachments": "สิ่งที่ส่งมาด้วย",
}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "members": {
        **MEMBER_LABELS,
        "inactive_since": "ไม่ใช้งานตั้งแต่",
        "merged_into": "รวมเข้ากับรายชื่อ",
        "erased_at": "ลบข้อมูลส่วนบุคคลเมื่อ",
        "name_key": "ชื่อสำหรับค้นหา",
        "name_sort": "ชื่อสำหรับเรียงลำดับ",
    },
    "households": {
        "head_name": "หัวหน้าครัวเรือน",
        "house_no": "บ้านเลขที่",
        "moo": "หมู่ที่",
        "village": "หมู่บ้าน",
        "members_count": "จำนวนสมาชิก",
        "tpmap": "อยู่ในบัญชี TPMAP",
        "thai_qm": "อยู่ในบัญชี Thai QM",
        "address_key": "ที่อยู่สำหรับค้นหา",
        "income_year": "รายได้ต่อปี (บาท)",
        "location": "พิกัดที่ตั้ง",
        "latitude": "ละติจูด",
        "longitude": "ลองจิจูด",
    },
    "cases": {
        "household_id": "ครัวเรือน",
        "indicator_id": "ปัญหา (ตัวชี้วัด)",
        "description": "รายละเอียด",
        "reported_on": "วันที่รับเรื่อง",
        "source": "แหล่งที่มา",
        "dimension": "มิติการช่วยเหลือ",
        "agency": "ผู้รับผิดชอบ",
        "partner_sector": "ภาคีที่ร่วมช่วยเหลือ",
        "status_on": "วันที่เปลี่ยนสถานะ",
        "closed_on": "วันที่ปิดเรื่อง",
        "project_ref": "โครงการ/กิจกรรม",
        "sensitive": "ข้อมูลอ่อนไหว",
    },
    "case_actions": {
        "action_on": "วันที่ดำเนินการ",
        "what": "การดำเนินการ",
        "by_whom": "ผู้ดำเนินการ",
        "status_from": "สถานะเดิม",
        "status_to": "สถานะใหม่",
    },
    "projects": {
        "title": "ชื่อโครงการ",
        "category": "ประเภทโครงการ",
        "objectives": "วัตถุประสงค์",
        "problem": "ปัญหาที่แก้ไข",
        "data_source": "แหล่งข้อมูลปัญหา",
        "data_source_note": "แหล่งข้อมูลปัญหา (ระบุ)",
        "villages": "หมู่บ้าน",
        "no_budget": "ไม่ใช้งบประมาณ",
        "timeframe": "ระยะเวลาดำเนินการ",
        "chain_upstream": "ต้นน้ำ",
        "chain_midstream": "กลางน้ำ",
        "chain_downstream": "ปลายน้ำ",
        "households_target": "ครัวเรือนเป้าหมาย",
        "persons_target": "คนเป้าหมาย",
        "project_value": "มูลค่าโครงการ (บาท)",
        "progress": "ความก้าวหน้าที่บันทึกเอง (%)",
    },
    "activities": {
        "title": "ชื่อกิจกรรม",
        "place": "สถานที่",
        "agency_id": "หน่วยงานรับผิดชอบ",
        "budget_planned": "งบประมาณที่วางแผน (บาท)",
        "households_actual": "ครัวเรือนที่ได้รับประโยชน์จริง",
        "persons_actual": "คนที่ได้รับประโยชน์จริง",
        "who": "ใคร",
        "what": "ทำอะไร",
        "where_": "ที่ไหน",
        "when_": "เมื่อไร",
        "why": "ทำไม",
        "how": "อย่างไร",
        "before_text": "ก่อนดำเนินการ",
        "after_text": "หลังดำเนินการ",
    },
    "activity_photos": {"stage": "ช่วง (ก่อน/ระหว่าง/หลัง)"},
    "disbursements": {"paid_on": "วันที่เบิกจ่าย", "amount": "จำนวนเงิน (บาท)"},
    "project_budgets": {"source": "แหล่งงบประมาณ", "source_note": "แหล่งงบประมาณ (ระบุ)", "amount": "จำนวนเงิน (บาท)"},
    "agencies": {"grp": "กลุ่มหน่วยงาน", "kind": "ประเภทหน่วยงาน"},
    "trainings": {
        "name": "ชื่อหลักสูตร",
        "kind": "ประเภทการอบรม",
        "cohort": "รุ่นที่",
        "venue": "สถานที่",
        "venue_province_code": "จังหวัดที่จัด",
        "venue_district_code": "อำเภอที่จัด",
        "organiser": "ผู้จัด",
        "threshold_pct": "เกณฑ์ผ่าน (%)",
        "excused_counts": "นับการลาเป็นการเข้าอบรม",
        "close_marks_absent": "ปิดรอบแล้วถือว่าผู้ไม่ลงเวลาขาด",
        "target_total": "เป้าหมายผู้เข้าอบรม (คน)",
        "signatories": "ผู้ลงนามเกียรติบัตร",
        "certificate_heading": "หัวเกียรติบัตร",
    },
    "training_sessions": {
        "day": "วันที่",
        "slot": "ช่วง",
        "label": "ชื่อรอบ",
        "starts_at": "เวลาเริ่ม",
        "late_after": "สายเมื่อเกิน",
        "ends_at": "เวลาสิ้นสุด",
        "closed_at": "ปิดการลงเวลาเมื่อ",
        "closed_by": "ผู้ปิดการลงเวลา",
    },
    "training_targets": {"dimension": "มิติเป้าหมาย", "code": "กลุ่มเป้าหมาย", "target": "จำนวนเป้าหมาย"},
    "training_materials": {
        "name": "รายการ",
        "unit": "หน่วยนับ",
        "basis": "วิธีคิด",
        "quantity": "จำนวน",
        "group_size": "คนต่อกลุ่ม",
        "spare_pct": "สำรอง (%)",
        "unit_price": "ราคาต่อหน่วย (บาท)",
    },
    "enrolments": {
        "source": "ที่มา",
        "substitute_for": "มาแทน",
        "enrolled_by": "ผู้ลงทะเบียนให้",
    },
    "attendance": {
        "status": "สถานะการลงเวลา",
        "marked_at": "เวลาลงเวลา",
        "marked_by": "ผู้บันทึก",
        "method": "วิธีลงเวลา",
        "substitute_for": "มาแทน",
        "reason": "เหตุผล",
        "backdated": "บันทึกย้อนหลัง",
    },
    "attendance_events": {
        "code_kind": "ชนิดรหัส",
        "result": "ผล",
        "at": "เวลา",
        "by_user": "ผู้บันทึก",
        "method": "วิธีลงเวลา",
        "detail": "รายละเอียด",
        "backdated": "บันทึกย้อนหลัง",
    },
    "certificates": {
        "year_be": "ปี พ.ศ.",
        "serial_no": "เลขที่",
        "serial": "เลขที่เกียรติบัตร",
        "issued_on": "วันที่ออก",
        "issued_by": "ผู้ออก",
        "attendance_pct": "ร้อยละการเข้าอบรม",
        "eligible": "ผ่านเกณฑ์",
        "override_reason": "เหตุผลกรณีพิเศษ",
        "print_count": "จำนวนครั้งที่พิมพ์",
        "last_printed_at": "พิมพ์ล่าสุดเมื่อ",
    },
    "indicators": {"number": "ข้อที่", "category_id": "หมวด", "text": "ตัวชี้วัด", "source": "ที่มา"},
    "indicator_categories": {},
    "users": {
        "username": "ชื่อผู้ใช้",
        "display_name": "ชื่อที่แสดง",
        "role": "บทบาท",
        "password_hash": "รหัสผ่าน",
        "active": "เปิดใช้งาน",
        "last_login": "เข้าสู่ระบบล่าสุด",
        "must_change_password": "ต้องเปลี่ยนรหัสผ่าน",
    },
    "office": {
        "level": "ระดับสำนักงาน",
        "org_name": "ส่วนราชการ",
        "ref_prefix": "ที่ (เลขหนังสือ)",
        "chief_name": "ชื่อหัวหน้าส่วนราชการ",
        "chief_position": "ตำแหน่งหัวหน้าส่วนราชการ",
        "garuda_path": "ภาพครุฑ (ไฟล์)",
        "garuda_png": "ภาพครุฑ",
    },
    "breach_log": {
        "discovered_at": "พบเมื่อ",
        "description": "เหตุการณ์",
        "data_affected": "ข้อมูลที่ได้รับผลกระทบ",
        "people_affected": "จำนวนผู้ได้รับผลกระทบ",
        "actions_taken": "การดำเนินการแล้ว",
        "reported_to_office_at": "แจ้งสำนักงานคณะกรรมการฯ เมื่อ",
        "reported_by": "ผู้บันทึก",
    },
    "member_merges": {
        "survivor_id": "รายชื่อที่เก็บไว้",
        "merged_id": "รายชื่อที่รวมเข้า",
        "survivor_before": "ข้อมูลเดิมของรายชื่อที่เก็บไว้",
        "merged_snapshot": "ข้อมูลของรายชื่อที่รวมเข้า",
        "repointed": "รายการที่ย้ายตาม",
    },
    "bundles_sent": {
        "destination": "ส่งถึง",
        "watermark": "ส่งถึงรายการเมื่อ",
        "confirmed_at": "ปลายทางยืนยันเมื่อ",
        "receipt": "ใบตอบรับ",
    },
    "bundles_received": {
        "sender_installation": "เครื่องผู้ส่ง",
        "sender_level": "ระดับผู้ส่ง",
        "sender_province_code": "จังหวัดผู้ส่ง",
        "sender_district_code": "อำเภอผู้ส่ง",
        "sender_org_name": "สำนักงานผู้ส่ง",
        "schema_version": "รุ่นโครงสร้างข้อมูล",
        "imported_at": "นำเข้าเมื่อ",
        "audit_head": "บันทึกการใช้งานล่าสุดของผู้ส่ง",
    },
    "exchange_conflicts": {
        "bundle_id": "ชุดข้อมูล",
        "table_name": "ตาราง",
        "row_key": "รายการ",
        "winner": "ข้อมูลที่ใช้",
        "local_updated_at": "แก้ไขที่นี่เมื่อ",
        "local_origin": "ที่มาของข้อมูลที่นี่",
        "incoming_updated_at": "แก้ไขที่ผู้ส่งเมื่อ",
        "incoming_origin": "ที่มาของข้อมูลที่ได้รับ",
        "columns": "ช่องที่ต่างกัน",
    },
    "exchange_peers": {"first_seen_at": "พบครั้งแรกเมื่อ", "last_seen_at": "พบล่าสุดเมื่อ"},
    "login_failures": {
        "username_key": "ชื่อผู้ใช้",
        "failures": "จำนวนครั้งที่ผิด",
        "last_failed_at": "ผิดล่าสุดเมื่อ",
        "locked_at": "ล็อกบัญชีเมื่อ",
    },
    "exchange_pins": {
        "pinned_by_bundle": "ลงทะเบียนจากชุดข้อมูล",
        "office": "สำนักงาน",
        "installation_id": "รหัสเครื่อง",
        "public_key": "กุญแจสาธารณะ",
        "org_name": "ชื่อสำนักงาน",
        "pinned_at": "ลงทะเบียนเมื่อ",
        "unpinned_at": "ยกเลิกเมื่อ",
        "unpinned_by": "ผู้ยกเลิก",
        "unpin_reason": "เหตุผลที่ยกเลิก",
    },
    # correspondence, meetings, reporting cycle, results and evaluation
    "eval_rubrics": {
        "title": "ชื่อหลักเกณฑ์",
    },
    "eval_criteria": {
        "parent_id": "หัวข้อหลัก",
        "number": "ข้อที่",
        "text": "หลักเกณฑ์",
        "points": "คะแนนเต็ม",
        "position": "ลำดับ",
    },
    "eval_rounds": {
        "title": "ชื่อรอบการคัดเลือก",
        "held_on": "วันที่พิจารณา",
        "seats": "จำนวนที่จะคัดเลือก",
    },
    "eval_committee": {
        "role": "หน้าที่ในคณะกรรมการ",
        "seq": "ลำดับ",
    },
    "eval_candidates": {
        "group_name": "กลุ่มจังหวัด",
        "draw_order": "ลำดับจากการจับสลาก",
        "draw_note": "บันทึกการจับสลากของประธาน",
    },
    "eval_scores": {
        "candidate_id": "อำเภอที่ถูกประเมิน",
        "criterion_id": "หลักเกณฑ์",
        "score": "คะแนน",
    },
    "household_members": {
        "full_name": "ชื่อ - สกุล",
        "birth_date": "วันเกิด",
        "age_years": "อายุ (ปี)",
        "national_id": "เลขประจำตัวประชาชน",
        "relation": "ความสัมพันธ์กับหัวหน้าครัวเรือน",
        "allowance_elderly": "ได้รับเบี้ยผู้สูงอายุ",
        "allowance_disability": "ได้รับเบี้ยความพิการ",
        "allowance_child": "ได้รับเงินอุดหนุนเด็ก",
        "disabled": "เป็นผู้พิการ",
        "income_year": "รายได้ต่อปี (บาท)",
        "erased_at": "ลบข้อมูลส่วนบุคคลเมื่อ",
    },
    "letters": {
        "kind": "ชนิดหนังสือ",
        "subject": "เรื่อง",
        "to_whom": "เรียน",
        "fields": "ส่วนหัวของหนังสือ",
        "body": "ข้อความ",
        "signer_id": "ผู้ลงนาม",
        "source": "จัดทำจาก",
    },
    "outgoing_letters": {
        "office_code": "สำนักงาน",
        "year": "ปี",
        "number": "เลขที่",
        "date": "ลงวันที่",
        "to_whom": "ถึง",
        "subject": "เรื่อง",
        "kind": "ชนิดหนังสือ",
        "cancel_reason": "เหตุผลที่ยกเลิกเลข",
        "issued_by": "ผู้ออกเลข",
    },
    "officials": {
        "title": "คำนำหน้า",
        "signature_position": "ตำแหน่งใต้ลายมือชื่อ",
        "sort_order": "ลำดับ",
    },
    "meetings": {
        "title": "ชื่อการประชุม",
        "series": "ชุดการประชุม",
        "year": "ปี",
        "number": "ครั้งที่",
        "date": "วันที่ประชุม",
        "start_time": "เวลาเริ่ม",
        "end_time": "เวลาเลิก",
        "place": "สถานที่",
        "chair_official_id": "ประธาน",
        "chair_name": "ชื่อประธาน",
        "chair_position": "ตำแหน่งประธาน",
        "secretary_official_id": "เลขานุการ",
        "secretary_name": "ชื่อเลขานุการ",
        "secretary_position": "ตำแหน่งเลขานุการ",
        "agenda_headings": "หัวข้อระเบียบวาระ",
        "started_at": "เริ่มประชุมเวลา",
        "ended_at": "เลิกประชุมเวลา",
        "recorder_official_id": "ผู้จดรายงานการประชุม",
        "recorder_name": "ชื่อผู้จดรายงาน",
        "recorder_position": "ตำแหน่งผู้จดรายงาน",
        "checker_official_id": "ผู้ตรวจรายงานการประชุม",
        "checker_name": "ชื่อผู้ตรวจรายงาน",
        "checker_position": "ตำแหน่งผู้ตรวจรายงาน",
        "issued_at": "ออกรายงานการประชุมเมื่อ",
        "issued_by": "ผู้ออกรายงานการประชุม",
        "revision": "ฉบับแก้ไขที่",
        "minutes_json": "รายงานการประชุมที่ออกแล้ว",
        "amendment_note": "บันทึกการแก้ไขรายงาน",
        "certifies_meeting_id": "รับรองรายงานการประชุมครั้ง",
        "certification": "ผลการรับรองรายงาน",
        "certification_note": "ข้อแก้ไขในการรับรอง",
    },
    "meeting_invitees": {
        "kind": "ประเภทผู้ได้รับเชิญ",
        "role": "หน้าที่ในที่ประชุม",
    },
    "meeting_attendance": {
        "invitee_id": "ผู้ได้รับเชิญ",
        "reason": "เหตุที่ไม่มาประชุม",
        "marked_at": "ลงเวลาเมื่อ",
        "marked_by": "ผู้บันทึก",
        "method": "วิธีลงเวลา",
    },
    "meeting_items": {
        "agenda_no": "ระเบียบวาระที่",
        "title": "เรื่อง",
        "body": "รายละเอียด",
        "resolution": "มติที่ประชุม",
    },
    "meeting_actions": {
        "item_id": "วาระที่มีมติ",
        "series": "ชุดการประชุม",
        "what": "สิ่งที่ต้องดำเนินการ",
        "owner_kind": "ประเภทผู้รับผิดชอบ",
        "owner_member_id": "ผู้รับผิดชอบ (ภาคีเครือข่าย)",
        "owner_official_id": "ผู้รับผิดชอบ (เจ้าหน้าที่)",
        "owner_agency_id": "ผู้รับผิดชอบ (หน่วยงาน)",
        "owner_name": "ผู้รับผิดชอบ",
        "status_note": "ความคืบหน้า",
        "closed_at": "ปิดเรื่องเมื่อ",
    },
    "milestones": {
        "title": "ชื่อระยะ",
        "households_target": "เป้าหมายครัวเรือน",
        "persons_target": "เป้าหมายจำนวนคน",
        "value_target": "เป้าหมายมูลค่า",
    },
    "milestone_actuals": {
        "period_end": "สิ้นงวด",
        "households": "ครัวเรือนที่ได้รับประโยชน์",
        "persons": "จำนวนคนที่ได้รับประโยชน์",
        "value": "มูลค่า",
        "confirm_note": "บันทึกยืนยันผลที่เกินเป้าหมาย",
    },
    "milestone_indicator_targets": {
        "target": "ค่าเป้าหมายตัวชี้วัด",
    },
    "milestone_indicator_actuals": {
        "actual_id": "ผลการดำเนินงานงวด",
        "value": "ค่าตัวชี้วัดที่ทำได้",
    },
    "project_lessons": {
        "recorded_on": "วันที่บันทึก",
        "worked": "สิ่งที่ได้ผลดี",
        "problems": "ปัญหาอุปสรรค",
        "solutions": "แนวทางแก้ไข",
        "recommendations": "ข้อเสนอแนะ",
        "recorded_by": "ผู้บันทึก",
    },
    "project_satisfaction": {
        "surveyed_on": "วันที่สำรวจ",
        "topic": "หัวข้อการสำรวจ",
        "level_5": "พึงพอใจมากที่สุด (คน)",
        "level_4": "พึงพอใจมาก (คน)",
        "level_3": "พึงพอใจปานกลาง (คน)",
        "level_2": "พึงพอใจน้อย (คน)",
        "level_1": "พึงพอใจน้อยที่สุด (คน)",
    },
    "referrals": {
        "agency": "หน่วยงานที่ส่งต่อ",
        "referred_on": "วันที่ส่งต่อ",
        "reply_within_days": "ขอให้ตอบภายใน (วัน)",
        "reply_on": "วันที่ได้รับคำตอบ",
        "reply_ref": "เลขที่หนังสือตอบ",
        "reply_text": "คำตอบของหน่วยงาน",
        "outcome": "ผลการช่วยเหลือ",
    },
    "reporting_obligations": {
        "title": "ชื่อรายงาน",
        "kind": "รอบการรายงาน",
        "due_day": "ครบกำหนดวันที่",
        "due_date": "วันครบกำหนด",
        "recipient": "ส่งถึง",
        "reports": "รายงานที่ต้องแนบ",
        "first_period": "งวดแรก",
    },
    "submissions": {
        "folder": "โฟลเดอร์ที่ส่ง",
        "memo_number": "เลขที่บันทึกนำส่ง",
        "bytes": "ขนาดรวม (ไบต์)",
    },
    "submissions_received": {
        "imported_at": "นำเข้าเมื่อ",
        "filed_in": "เก็บเอกสารไว้ที่",
    },
    "orders": {
        "from_whom": "ผู้สั่งการ",
        "order_date": "วันที่สั่งการ",
        "text": "ข้อสั่งการ",
        "responsible_unit": "หน่วยที่รับผิดชอบ",
        "done_date": "วันที่ดำเนินการเสร็จ",
    },
    "order_actions": {
        "action_date": "วันที่ดำเนินการ",
        "what": "การดำเนินการ",
        "by_unit": "หน่วยที่ดำเนินการ",
    },
}

# Keys of explicit audit events (security.audit(..., **details)) and the values some of them take.
DETAIL_LABELS: dict[str, str] = {
    "fields": "ช่องที่แก้ไข",
    "via": "ช่องทาง",
    "username": "ชื่อผู้ใช้",
    "must_change_password": "ต้องเปลี่ยนรหัสผ่าน",
    "purpose": "วัตถุประสงค์",
    "records": "จำนวนรายการ",
    "rows": "จำนวนแถว",
    "imported": "นำเข้าแล้ว",
    "file": "ไฟล์",
    "backup": "ไฟล์สำรอง",
    "size": "ขนาด (ไบต์)",
    "kind": "ชนิด",
    "sensitive": "รวมข้อมูลอ่อนไหว",
    "national_ids": "รวมเลขประจำตัวประชาชน",
    "contacts": "รวมข้อมูลติดต่อ",
    "reason": "เหตุผล",
    "reasons": "เหตุผล",
    "failures": "จำนวนครั้งที่ผิด",
    "lock_after": "ล็อกเมื่อผิดติดกัน (ครั้ง)",
    "installation": "รหัสเครื่อง",
    "store": "ที่เก็บกุญแจ",
    "schema_version": "รุ่นโครงสร้างข้อมูล",
    "tables": "ตาราง",
    "mismatched_before": "รายการที่ไม่ตรงก่อนหน้า",
    "day": "วันของรอบ",
    "method": "วิธีลงเวลา",
    "status": "สถานะ",
}
DETAIL_VALUES: dict[str, dict[str, str]] = {
    "via": {"gui": "หน้าจอโปรแกรม", "cli": "คำสั่ง (command line)", "lock": "หน้าจอล็อก", "unlock": "ปลดล็อกหน้าจอ"},
    "method": {"scan": "สแกน", "typed": "พิมพ์ชื่อ", "paper": "จากใบลงลายมือชื่อ", "bulk": "บันทึกหลายคน",
               "close": "ปิดรอบ"},
    "status": {"present": "มา", "late": "มาสาย", "excused": "ลา", "absent": "ขาด"},
    "kind": {"bundle": "ชุดข้อมูลส่ง/รับ"},
}
_YES_NO = {True: "ใช่", False: "ไม่ใช่"}
_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def field_label(table: str | None, field: str) -> str:
    """The Thai label of `field` of `table` (the field's own name if nobody named it yet)."""
    labels = FIELD_LABELS.get(table or "", {})
    return labels.get(field) or COMMON.get(field) or field


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return _YES_NO[value]
    if isinstance(value, list):
        return ", ".join(_value(key, v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_value(key, v)}" for k, v in value.items())
    if isinstance(value, str) and _ISO_DAY.match(value):
        return format_thai_date(value, thai_digits=False)  # Buddhist era, as the page's other dates
    return DETAIL_VALUES.get(key, {}).get(str(value), str(value))


def describe_details(details: Mapping[str, Any], table: str | None = None, action: str | None = None) -> str:
    """One Thai line for an audit entry's details: "ช่องที่แก้ไข: ปิดการลงเวลาเมื่อ, ผู้ปิดการลงเวลา;
    ช่องทาง: หน้าจอโปรแกรม" (a new row's fields are "ช่องที่บันทึก")."""
    parts = []
    fields = details.get("fields")
    if fields:
        heading = "ช่องที่บันทึก" if action == "create" else DETAIL_LABELS["fields"]
        parts.append(f"{heading}: " + ", ".join(field_label(table, f) for f in fields))
    for key, value in sorted(details.items()):
        if key == "fields" or value is None:
            continue
        parts.append(f"{DETAIL_LABELS.get(key, field_label(table, key))}: {_value(key, value)}")
    return "; ".join(parts)


def form_label(table: str, field: str, *, required: bool = False) -> str:
    """A form row's label: the field's label, with " *" when the form requires it."""
    return field_label(table, field) + (" *" if required else "")
