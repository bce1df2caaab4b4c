"""Every sentence the actions compose in code, in English and Simplified Chinese, for the
physician and (where the words differ) for a patient or family member.

Fixed sentences that rules say live in domain.yml as responses with `language` / `audience`
variants, and the forms' questions in actions/questions.yml; what is built from facts and
outcomes, or said by an action, is here. Plain Python, no Rasa.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from prescreen.eligibility.checker import INELIGIBLE, NEEDS_REVIEW, Outcome
from prescreen.eligibility.criteria import BY_ID, SHORT_ZH

from actions.activity import grade_words
from actions.plan import EXCLUSION_FACTS

EN, ZH = "en", "zh"
PHYSICIAN, PATIENT = "physician", "patient"


def lang_of(slots: Mapping[str, Any]) -> str:
    return slots.get("language") or EN


def audience_of(slots: Mapping[str, Any]) -> str:
    return slots.get("audience") or PHYSICIAN


def _yn(value: Any, lang: str, unknown: bool = False) -> str:
    if value is True:
        return "是" if lang == ZH else "yes"
    if value is False:
        return "否" if lang == ZH else "no"
    if unknown:
        return "不清楚" if lang == ZH else "not known"
    return "未问" if lang == ZH else "not asked"


def short(criterion_id: str, lang: str) -> str:
    return SHORT_ZH[criterion_id] if lang == ZH else BY_ID[criterion_id].short


# ---- facts -------------------------------------------------------------------------------

LABELS_EN = {
    "age": "age", "sex": "sex", "diagnosis": "diagnosis", "platelet_count": "platelet count", "ecog": "ECOG",
    "diagnosis_confirmed": "diagnosis confirmed",
    "thrombocytopenia_due_to_treatment": "caused by therapy",
    "childbearing_potential": "childbearing potential",
    "contraception_agreed": "contraception",
    "willing_to_consent": "willing to consent",
    **{key: BY_ID[f"E{n}"].short for n, key in enumerate(EXCLUSION_FACTS, 1)},
}
LABELS_ZH = {
    "age": "年龄", "sex": "性别", "diagnosis": "诊断", "platelet_count": "血小板计数", "ecog": "ECOG评分",
    "diagnosis_confirmed": "病理确诊",
    "thrombocytopenia_due_to_treatment": "由抗肿瘤治疗引起",
    "childbearing_potential": "有生育可能",
    "contraception_agreed": "同意避孕",
    "willing_to_consent": "愿意签署知情同意",
    **{key: SHORT_ZH[f"E{n}"] for n, key in enumerate(EXCLUSION_FACTS, 1)},
}


def fact_phrase(key: str, value: Any, lang: str = EN, audience: str = PHYSICIAN) -> str:
    """One fact as a physician would jot it: "age 58", "PLT 32×10⁹/L", "HIV infection: no"; a
    patient hears the activity grade in words ("能自己走动，做点轻活"), never "ECOG"."""
    if key == "ecog" and audience == PATIENT and value is not None:
        return ("日常活动：" if lang == ZH else "daily activity: ") + grade_words(value, lang)
    if lang == ZH:
        if key == "age":
            return f"年龄{value}岁"
        if key == "sex":
            return {"M": "男", "F": "女"}.get(value, str(value))
        if key == "diagnosis":
            return str(value)
        if key == "platelet_count":
            return f"血小板{value:g}×10⁹/L"
        if key == "ecog":
            return f"ECOG {value}"
        return f"{LABELS_ZH.get(key, key)}：{_yn(value, ZH)}"
    if key == "age":
        return f"age {value}"
    if key == "sex":
        return {"M": "male", "F": "female"}.get(value, str(value))
    if key == "diagnosis":
        return str(value)
    if key == "platelet_count":
        return f"PLT {value:g}×10⁹/L"
    if key == "ecog":
        return f"ECOG {value}"
    return f"{LABELS_EN.get(key, key)}: {_yn(value, EN)}"


def quoted(words: str, lang: str) -> str:
    """The user's own words a fact was read from."""
    return f"（原文：“{words}”）" if lang == ZH else f" — from ‘{words}’"


def _number_runs(numbers: Iterable[int]) -> list[str]:
    """[1, 2, 3, 5, 7, 8] -> ["1–3", "5", "7–8"]."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return [f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]


def _no_exclusions(numbers: list[int], lang: str, audience: str) -> str:
    """Several exclusions answered "no", as one group instead of a row of "no"s."""
    if audience == PATIENT:
        runs = "、".join(_number_runs(numbers)) if lang == ZH else ", ".join(_number_runs(numbers))
        return f"第{runs}项都没有" if lang == ZH else f"none of items {runs} on the list"
    runs = [f"E{r}".replace("–", "–E") for r in _number_runs(numbers)]
    return f"{'、'.join(runs)}均无" if lang == ZH else f"none of {', '.join(runs)}"


def noted(changed: Mapping[str, Any], corrected: bool, lang: str, quote: Mapping[str, str] = {},
          audience: str = PHYSICIAN) -> str:
    """What was read, short and grouped: exclusions answered "no" as one item, and the words
    quoted for every fact that excludes the patient."""
    numbers = {key: n for n, key in enumerate(EXCLUSION_FACTS, 1)}
    grouped = [k for k, v in changed.items() if v is False and k in numbers and k not in quote]
    if len(grouped) < 3:
        grouped = []
    parts = [fact_phrase(k, v, lang, audience) + (quoted(quote[k], lang) if k in quote else "")
             for k, v in changed.items() if k not in grouped]
    if grouped:
        parts.append(_no_exclusions([numbers[k] for k in grouped], lang, audience))
    if lang == ZH:
        return ("已更新：" if corrected else "已记录：") + "，".join(parts) + "。"
    return ("Updated: " if corrected else "Noted: ") + ", ".join(parts) + "."


def not_known_yet(said: Mapping[str, str], lang: str) -> str:
    """Facts the message spoke of without settling them (pending, possible, "?")."""
    if lang == ZH:
        return "暂记为不确定：" + "，".join(f"{LABELS_ZH.get(k, k)}{quoted(w, ZH)}" for k, w in said.items()) + "。"
    return "Noted as not known yet: " + ", ".join(f"{LABELS_EN.get(k, k)}{quoted(w, EN)}" for k, w in said.items()) + "."


def both_ways(key: str, one: str, other: str, lang: str) -> str:
    """Two statements of one fact that disagree: asked back, never resolved by picking one."""
    if lang == ZH:
        return f"关于“{LABELS_ZH.get(key, key)}”，您既写了“{one}”，又写了“{other}”：哪个正确？"
    return f"You wrote both ‘{one}’ and ‘{other}’ about {LABELS_EN.get(key, key)}: which is right?"


def summary(facts: Mapping[str, Any], unknown: Iterable[str] = (), lang: str = EN, audience: str = PHYSICIAN,
            evidence: Mapping[str, str] | None = None, ecog_range: Iterable[int] | None = None) -> str:
    """The facts to confirm. The words behind every fact that excludes the patient or is not
    known are quoted (`evidence`), so a misread cannot pass unseen."""
    unknown = set(unknown)
    zh = lang == ZH
    evidence = evidence or {}
    failing = _failing_keys(facts)

    def q(key: str) -> str:
        return quoted(evidence[key], lang) if key in evidence and (key in failing or key in unknown) else ""

    def yn(key: str) -> str:
        return _yn(facts.get(key), lang, key in unknown) + q(key)

    def val(key: str, shown: Any) -> str:
        return (str(shown) if facts.get(key) is not None else _yn(None, lang, key in unknown)) + q(key)

    if zh:
        sex = {"M": "，男", "F": "，女"}.get(facts.get("sex") or "", "")
        age = f"{facts['age']}岁{sex}" if facts.get("age") is not None else val("age", None)
    else:
        sex = {"M": ", male", "F": ", female"}.get(facts.get("sex") or "", "")
        age = f"{facts['age']} y{sex}" if facts.get("age") is not None else val("age", None)
    dx = val("diagnosis", facts.get("diagnosis"))
    if facts.get("diagnosis") is not None:
        confirmed = facts.get("diagnosis_confirmed")
        if zh:
            dx += {True: "，已确诊", False: "，未经病理确诊"}.get(confirmed, "，确诊：" + yn("diagnosis_confirmed"))
        else:
            dx += {True: ", confirmed", False: ", NOT confirmed"}.get(confirmed, ", confirmation " + yn("diagnosis_confirmed"))
    plt = facts.get("platelet_count")
    platelets = f"{plt:g}×10⁹/L{q('platelet_count')}" if plt is not None else val("platelet_count", None)
    platelets += ("；由治疗引起：" if zh else "; caused by therapy: ") + yn("thrombocytopenia_due_to_treatment")
    cbp = yn("childbearing_potential")
    if facts.get("childbearing_potential") is not False:
        cbp += ("；避孕：" if zh else "; contraception: ") + yn("contraception_agreed")

    present = [f"E{n} {short(f'E{n}', lang)}{q(k)}" for n, k in enumerate(EXCLUSION_FACTS, 1) if facts.get(k) is True]
    open_ = [f"E{n} {short(f'E{n}', lang)}{q(k)}" for n, k in enumerate(EXCLUSION_FACTS, 1) if k in unknown]
    sep = "；" if zh else "; "
    exclusions = sep.join(present) if present else ("无" if zh else "none reported")
    if open_:
        exclusions += ("（不清楚：" + sep.join(open_) + "）") if zh else (" (not known: " + sep.join(open_) + ")")

    ecog = facts.get("ecog")
    span = list(ecog_range or [])
    if ecog is not None:
        activity = (grade_words(ecog, lang) if audience == PATIENT else str(ecog)) + q("ecog")
    elif len(span) == 2:
        activity = ("、".join if zh else " or ".join)(
            grade_words(g, lang) if audience == PATIENT else str(g) for g in range(span[0], span[1] + 1))
        activity += ("（待确认）" if zh else " (still to be asked)") + (quoted(evidence["ecog"], lang) if "ecog" in evidence else "")
    else:
        activity = val("ecog", None)

    rows = [
        ("患者", "Patient", age),
        ("诊断", "Diagnosis", dx),
        ("血小板", "Platelets", platelets),
        (*(("日常活动", "Daily activity") if audience == PATIENT else ("ECOG", "ECOG")), activity),
        ("生育可能", "Childbearing potential", cbp),
        ("排除项", "Exclusions", exclusions),
        ("愿意签署知情同意", "Willing to consent", yn("willing_to_consent")),
    ]
    return "\n".join(f"• {z if zh else e}{'：' if zh else ': '}{v}" for z, e, v in rows)


def _failing_keys(facts: Mapping[str, Any]) -> set:
    """The fact keys of the criteria these facts fail."""
    from prescreen.eligibility.criteria import NOT_MET
    from prescreen.eligibility.checker import check
    from prescreen.reading.parsing import InvalidValue

    try:
        outcome = check(dict(facts))
    except InvalidValue:
        return set()
    return {k for r in outcome.criteria if r.status == NOT_MET for k in BY_ID[r.id].facts}


# ---- outcomes ----------------------------------------------------------------------------

_STATUS_ZH = {"not_met": "不符合", "unknown": "尚不清楚", "met": "符合", "investigator": "由研究者判断"}


def _activity_reason(status: str, ecog: Any, lang: str) -> str:
    """I4 for a patient: the activity in words, not the ECOG grade."""
    if lang == ZH:
        label = "I4 日常活动"
        if status == "unknown" or ecog is None:
            return f"• {label}：尚不清楚"
        return f"• {label}：{_STATUS_ZH.get(status, status)}（{grade_words(ecog, ZH)}；研究要求至少能走动、生活自理）"
    if status == "unknown" or ecog is None:
        return "• I4 daily activity: not known"
    verdict = "too limited" if status == "not_met" else "fits"
    return f"• I4 daily activity: {grade_words(ecog, EN)} ({verdict}: the study needs the patient up and about and self-caring)"


def reasons(outcome: Outcome, ids: Iterable[str], lang: str = EN, audience: str = PHYSICIAN) -> str:
    ids = list(ids)
    lines = []
    for r in outcome.reasons(ids):
        if r.id == "I4" and audience == PATIENT:
            lines.append(_activity_reason(r.status, outcome.facts.get("ecog"), lang))
        elif lang != ZH:
            lines.append(f"• {r.id} {BY_ID[r.id].short}: {r.reason}")
        else:
            stated = [fact_phrase(k, outcome.facts.get(k), ZH, audience) for k in BY_ID[r.id].facts
                      if outcome.facts.get(k) is not None and k != "sex"]
            detail = f"（{'，'.join(stated)}）" if stated and r.status != "unknown" else ""
            lines.append(f"• {r.id} {SHORT_ZH[r.id]}：{_STATUS_ZH.get(r.status, r.status)}{detail}")
    return "\n".join(lines)


def decision_text(outcome: Outcome, reference: str, lang: str = EN, audience: str = PHYSICIAN) -> str:
    patient = audience == PATIENT
    if lang == ZH:
        if outcome.decision == INELIGIBLE:
            head = "预筛查结果：不符合NCT06898983的条件：" if not patient else "根据您提供的信息，患者目前不符合这项研究的条件："
            tail = f"记录编号{reference}。不安排随访。" if not patient else \
                f"记录编号{reference}。这不是诊断；治疗请继续听从主治医生的意见。"
        elif outcome.decision == NEEDS_REVIEW:
            head = "需要复核：没有排除项，但以下情况尚不清楚：" if not patient else \
                "目前没有发现不符合的情况，但以下几项还不清楚（这很正常）："
            tail = f"记录编号{reference}。研究协调员会复核，可能与您联系。"
        else:
            head = "可能符合：我能核对的标准均符合。" if not patient else "根据您提供的信息，患者可能符合这项研究的条件。"
            tail = f"记录编号{reference}。研究协调员会联系您安排筛选。"
        body = reasons(outcome, outcome.failed if outcome.decision == INELIGIBLE else outcome.unknown, ZH, audience) \
            if outcome.decision != "potentially_eligible" else "• I6和E14（预期获益、是否适合）由研究者在筛选访视时判断。"
        end = "这只是预筛查，不是诊断，也不是入组决定。" if patient else "说“新患者”可筛查下一位。"
        return f"{head}\n{body}\n{tail}\n{end}"

    if outcome.decision == INELIGIBLE:
        head = "Not eligible for NCT06898983 on pre-screening:" if not patient else \
            "From what you told me, the patient does not fit this study at the moment:"
        body = reasons(outcome, outcome.failed, EN, audience)
        tail = f"Logged as {reference}. No follow-up is planned." if not patient else \
            f"Reference {reference}. This is not a diagnosis; please keep following the treating doctor's advice."
    elif outcome.decision == NEEDS_REVIEW:
        head = "Needs review: nothing rules the patient out, but these are not known yet:" if not patient else \
            "Nothing I found rules the patient out, but these are not known yet (that is normal):"
        body = reasons(outcome, outcome.unknown, EN, audience)
        tail = f"Logged as {reference}. The study coordinator will review it and may contact you."
    else:
        head = "Potentially eligible: every criterion I can check is met." if not patient else \
            "From what you told me, the patient may fit this study."
        body = "• I6 and E14 (expected benefit, suitability) are for the investigator at the screening visit."
        tail = f"Logged as {reference}. The study coordinator will contact you to arrange screening."
    end = "This is a pre-screen, not a diagnosis or an enrolment." if patient else "Say \"new patient\" to screen another."
    return f"{head}\n{body}\n{tail}\n{end}"


def confirm_question(facts: Mapping[str, Any], unknown: Iterable[str], outcome: Outcome, lang: str,
                     audience: str = PHYSICIAN, evidence: Mapping[str, str] | None = None,
                     ecog_range: Iterable[int] | None = None) -> str:
    listed = summary(facts, unknown, lang, audience, evidence, ecog_range)
    if lang == ZH:
        head = "做出判断前，请核对："
        if outcome.failed:
            head = "以下情况已可排除：\n" + reasons(outcome, outcome.failed, ZH, audience) + "\n请核对我记录的信息："
        return f"{head}\n{listed}\n是否正确？请回答“是”，或直接更正（如“血小板45”）。"
    head = "Before I decide, please check:"
    if outcome.failed:
        head = "This already rules the patient out:\n" + reasons(outcome, outcome.failed, EN, audience) + "\nPlease check what I have:"
    return f"{head}\n{listed}\nIs this right? Say \"yes\", or correct a value (e.g. \"platelets 45\")."


WHAT_TO_CHANGE = {EN: "What should I change? Type it as e.g. \"platelets 45\" or \"ECOG 2\".",
                  ZH: "需要改哪一项？例如“血小板45”或“ECOG 2”。"}


PATIENT_WHAT_TO_CHANGE = {EN: "What should I change? Just tell me, e.g. \"platelets 45\" or \"he can only do light work\".",
                          ZH: "需要改哪一项？直接告诉我即可，例如“血小板45”或“只能做点轻活”。"}


def what_to_change(lang: str, audience: str = PHYSICIAN) -> str:
    return (PATIENT_WHAT_TO_CHANGE if audience == PATIENT else WHAT_TO_CHANGE)[lang]


CONFIRM_BUTTON = {EN: "Yes, that's right", ZH: "是，正确"}
NONE_BUTTON = {EN: "None of these", ZH: "以上都没有"}
NOT_SURE_BUTTON = {EN: "Not sure", ZH: "不确定"}


def checklist_question(lines: list[str], lang: str) -> str:
    if lang == ZH:
        return "以下情况有符合的吗？请回答“都没有”、编号（如“3和8”），或直接说出（如“HIV阳性，其他没有”）。\n" + "\n".join(lines)
    return ("Do any of these apply? Answer \"none\", the numbers (e.g. \"3 and 8\"), or name them "
            "(e.g. \"HIV positive, nothing else\").\n" + "\n".join(lines))


# ---- notices -----------------------------------------------------------------------------

HINTS = {
    "age": ("the age in years, e.g. \"62\"", "年龄（岁），例如“62”"),
    "diagnosis": ("a diagnosis, e.g. AML, APL, ALL, CML or CLL, or its full name", "诊断，例如急髓、急淋、慢粒、慢淋或全称"),
    "platelet_count": ("a platelet count, e.g. \"32\", \"32k\", \"32,000/µL\" or \"32×10⁹/L\"",
                       "血小板数值，例如“32”、“3.2万”或“32×10⁹/L”"),
    "ecog": ("an ECOG score from 0 (fully active) to 4 (bedbound)", "0到4之间的数字（0=活动完全正常，4=完全卧床）"),
    "exclusion_checklist": ("which of the listed items apply", "列表中哪几项符合"),
    "facts_confirmed": ("whether the summary is right", "以上信息是否正确"),
}


PATIENT_HINTS = {"ecog": ("which description fits best: a number from 0 (as active as before) to 4 (in bed all day), "
                         "or a few words on what the patient can still do",
                         "最符合的一项：0（和生病前一样）到4（整天卧床）之间的数字，或简单说说患者现在能做什么")}


def not_understood(requested: str | None, attempts: int, lang: str, audience: str = PHYSICIAN) -> str:
    hints = {**HINTS, **PATIENT_HINTS} if audience == PATIENT else HINTS
    if lang == ZH:
        wanted = hints.get(requested or "", (None, "“是”、“否”或“不清楚”"))[1]
        text = f"抱歉，我没能从中读出{wanted}。"
        if attempts >= 2:
            text += "如果不清楚，说“不清楚”即可，我会继续下一个问题。"
        return text
    wanted = hints.get(requested or "", ("a yes, no or \"not sure\"", None))[0]
    text = f"Sorry, I couldn't read {wanted} in that."
    if attempts >= 2:
        text += " If it isn't known, say \"not sure\" and I'll move on."
    return text


def problem(p: Any, lang: str, audience: str = PHYSICIAN) -> str:
    """A refused value (age 250, PLT 5000000, ECOG 7) with the accepted range. `p` is a
    prescreen InvalidValue or extraction Problem: field, code and the English message."""
    if p.field == "ecog" and audience == PATIENT:
        value = getattr(p, "value", None)
        if lang == ZH:
            return f"没有“{value}”这一项：请回复0到4之间的数字（0=和生病前一样，4=整天卧床），或简单说说患者现在能做什么。"
        return (f"There is no option \"{value}\": please reply with a number from 0 (as active as before) to 4 "
                "(in bed all day), or say in a few words what the patient can still do.")
    if lang != ZH:
        return p.message
    value = getattr(p, "value", None)
    given = f"“{value}”" if value is not None else ""
    if p.field == "age":
        return f"年龄{given}不可能：请给出0到120之间的整岁数（本试验要求18–75岁）。"
    if p.field == "platelet_count":
        return f"血小板{given}不可能：请给出大于0、不超过2000×10⁹/L的数值（例如“32”或“3.2万”）。"
    if p.field == "ecog":
        return f"ECOG{given}不可能：请给出0到4之间的整数。"
    return f"{given or '这个值'}无法识别，请重新回答。"


def nothing_read(lang: str) -> str:
    return "抱歉，我没能从中读出相关信息。" if lang == ZH else "Sorry, I couldn't read any details in that."


def too_long(length: int, limit: int, lang: str) -> str:
    if lang == ZH:
        return f"这条消息很长（{length:,}个字符），我只读了前{limit:,}个字符。请简要发送相关信息。"
    return f"That message is long ({length:,} characters); I read the first {limit:,}. Please send the facts briefly."


def checklist_unmatched(lang: str) -> str:
    return "我没能和列表对应上，下面逐项询问。" if lang == ZH else \
        "I couldn't match that to the list, so I'll ask about each item in turn."


def patient_disclaimer(lang: str) -> str:
    if lang == ZH:
        return "我会用简单的问题帮您看看患者是否可能适合NCT06898983研究。不清楚的直接说“不清楚”。这不是诊断，也不是入组决定。"
    return ("I'll ask simple questions to see whether the patient might fit the NCT06898983 study; \"not sure\" "
            "is a fine answer. This is not a diagnosis and not an enrolment.")


def switched_to(lang: str, automatically: bool) -> str:
    if lang == ZH:
        return "好的，我们用中文继续。（Say \"English please\" to switch back.）" if automatically else "好的，我们用中文继续。"
    return "OK, let's continue in English.（需要中文请说“请用中文”。）"


def database_down(lang: str) -> str:
    if lang == ZH:
        return "数据库暂时不可用，这次筛查没有记录，研究协调员也看不到。请过一分钟再回答“是”重试。"
    return ("I could not record this screening (the database is unavailable), so nothing was logged and no "
            "coordinator will see it. Please say \"yes\" again in a minute to retry.")


def referral_not_stored(reference: str | None, lang: str) -> str:
    """The screening is logged; the referrer's details could not be stored (database down)."""
    if lang == ZH:
        return (f"筛查结果已记录（{reference}），但您的联系方式暂时没能保存（数据库不可用）。"
                "请过一分钟再发一次您的电话或邮箱，我会再保存一次。")
    return (f"{reference} is logged, but I could not store your contact details just now (the database is "
            "unavailable). Please send your phone or e-mail again in a minute and I will store them.")


def not_this_conversations(lang: str) -> str:
    """Contact details refused: the screening they would be attached to is not this conversation's."""
    if lang == ZH:
        return "这些信息无法关联到本次对话中的筛查，因此没有保存。"
    return "I can only attach these details to a screening made in this conversation, so nothing was stored."


def contact_not_stored(reference: str | None, lang: str) -> str:
    """A patient's consented phone number could not be stored (database down)."""
    if lang == ZH:
        return (f"您的预筛查结果已记录（{reference}），但电话号码暂时没能保存。"
                "请过一分钟再发一次电话号码。")
    return (f"Your pre-screening is recorded ({reference}), but I could not save your phone number just now. "
            "Please send the number again in a minute.")


def explain(requested: str | None, lang: str) -> str:
    zh = lang == ZH
    if requested == "exclusion_checklist":
        return "这些是本试验的排除标准E1–E13：只要符合其中任何一条，就不能入组。" if zh else \
            "These are the trial's exclusion criteria E1–E13: any one of them rules the patient out."
    if requested == "facts_confirmed":
        return "先核对一遍，避免读错的数值决定结果。" if zh else \
            "I show the summary so that a misread value cannot decide the outcome."
    serving = [c for c in BY_ID.values() if requested in c.facts]
    if not serving:
        return "我只问NCT06898983入选/排除标准需要的信息，每个回答对应一条标准。" if zh else \
            ("I only ask what NCT06898983's eligibility criteria need; each answer settles "
             "one inclusion or exclusion criterion.")
    if zh:
        return "这个问题对应方案中的：\n" + "\n".join(f"{c.id}：{SHORT_ZH[c.id]}" for c in serving)
    return "I ask because of\n" + "\n".join(f"{c.id} of the protocol: \"{c.text.rstrip(';.')}\"" for c in serving)


# ---- follow-up ---------------------------------------------------------------------------

def referrer_thanks(name: str, reference: str, lang: str) -> str:
    if lang == ZH:
        return f"谢谢您，{name}。研究协调员会就{reference}与您联系。说“新患者”可筛查下一位。"
    return f"Thank you, {name}. The study coordinator will contact you about {reference}. Say \"new patient\" to screen another."


def contact_saved(reference: str, lang: str) -> str:
    if lang == ZH:
        return f"谢谢。研究协调员会通过您留下的号码联系您（记录编号{reference}）。这不是诊断，也不是入组决定。"
    return f"Thank you. The study coordinator will call you on that number (reference {reference}). This is not a diagnosis or an enrolment."


def contact_declined(reference: str, lang: str) -> str:
    if lang == ZH:
        return f"好的，我不会保存您的电话。如果以后想了解这项研究，可以请主治医生联系研究团队，并提供记录编号{reference}。"
    return (f"All right, I won't keep a phone number. If you want to know more later, ask the treating doctor "
            f"to contact the study team and give them the reference {reference}.")


def phone_unreadable(lang: str) -> str:
    return "这个号码看起来不对，请输入手机号码（例如13800138000）。" if lang == ZH else \
        "That doesn't look like a phone number; please type it with digits only (e.g. 13800138000)."


def consent_unclear(lang: str) -> str:
    return "请回答“同意”或“不同意”。" if lang == ZH else "Please answer \"yes\" or \"no\"."
