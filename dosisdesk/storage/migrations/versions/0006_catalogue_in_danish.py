"""catalogue in Danish: substance names, units and forms as nurses see them in FMK and on the pack

Products already in a database get the Danish words the new catalogue has (the ATC code, the
key, is unchanged): the substance's Danish name, "mikrogram" for microgram, "pust"/"dosis", and
the Danish pharmaceutical form. The words are written out here, so the migration never changes
with the catalogue.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:05:00
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUBSTANCES_DA = {
    'amlodipine': 'amlodipin',
    'losartan and diuretics': 'losartan og hydrochlorthiazid',
    'furosemide': 'furosemid',
    'bumetanide': 'bumetanid',
    'spironolactone': 'spironolacton',
    'bendroflumethiazide and potassium': 'bendroflumethiazid og kaliumchlorid',
    'acetylsalicylic acid': 'acetylsalicylsyre',
    'dabigatran etexilate': 'dabigatranetexilat',
    'glyceryl trinitrate': 'glyceryltrinitrat',
    'isosorbide mononitrate': 'isosorbidmononitrat',
    'glimepiride': 'glimepirid',
    'insulin glargine': 'insulin glargin',
    'pantoprazole': 'pantoprazol',
    'esomeprazole': 'esomeprazol',
    'omeprazole': 'omeprazol',
    'macrogol, combinations': 'macrogol, kombinationer',
    'calcium, combinations with vitamin D and/or other drugs': 'calcium og D-vitamin',
    'colecalciferol': 'colecalciferol (D-vitamin)',
    'potassium chloride': 'kaliumchlorid',
    'oxycodone': 'oxycodon',
    'buprenorphine': 'buprenorphin',
    'sertraline': 'sertralin',
    'mirtazapine': 'mirtazapin',
    'quetiapine': 'quetiapin',
    'risperidone': 'risperidon',
    'zopiclone': 'zopiclon',
    'memantine': 'memantin',
    'levodopa and decarboxylase inhibitor': 'levodopa og carbidopa/benserazid',
    'finasteride': 'finasterid',
    'levothyroxine sodium': 'levothyroxinnatrium',
    'prednisolone': 'prednisolon',
    'alendronic acid': 'alendronsyre',
    'folic acid': 'folsyre',
    'methotrexate': 'methotrexat',
    'salmeterol and fluticasone': 'salmeterol og fluticason',
    'tiotropium bromide': 'tiotropiumbromid',
    'cyanocobalamin': 'cyanocobalamin (B12-vitamin)',
}

FORMS_DA = {
    'tablet': 'tabletter',
    'film-coated tablet': 'filmovertrukne tabletter',
    'prolonged-release tablet': 'depottabletter',
    'prolonged-release capsule': 'depotkapsler',
    'gastro-resistant tablet': 'enterotabletter',
    'gastro-resistant capsule': 'enterokapsler',
    'orodispersible tablet': 'smeltetabletter',
    'effervescent tablet': 'brusetabletter',
    'chewable tablet': 'tyggetabletter',
    'sublingual tablet': 'resoribletter',
    'sublingual spray': 'spray til anvendelse i munden',
    'capsule': 'kapsler',
    'hard capsule': 'hårde kapsler',
    'transdermal patch': 'depotplastre',
    'solution for injection': 'injektionsvæske, opløsning',
    'solution for injection in pre-filled pen': 'injektionsvæske, opløsning i fyldt pen',
    'oral solution': 'oral opløsning',
    'oral drops': 'orale dråber',
    'powder for oral solution in sachet': 'pulver til oral opløsning i brev',
    'inhalation powder': 'inhalationspulver',
    'inhalation solution': 'inhalationsvæske, opløsning',
    'eye drops': 'øjendråber',
}


def _strength(text: str) -> str:
    text = re.sub(r"\bmicrograms?\b", "mikrogram", text)
    text = re.sub(r"\bpuff\b", "pust", text)
    text = re.sub(r"\bMIU\b", "MIE", text)
    text = re.sub(r"\bIU\b", "IE", text)
    return re.sub(r"\bdose\b", "dosis", text)


def _form(text: str) -> str:
    parts = [p.strip() for p in re.split(r"\s*/\s*", text) if p.strip()]
    return " / ".join(FORMS_DA.get(p.lower(), p) for p in parts)


def upgrade() -> None:
    conn = op.get_bind()
    products = sa.table('products', sa.column('id', sa.Integer()), sa.column('substance'),
                        sa.column('strength'), sa.column('form'))
    for pid, substance, strength, form in conn.execute(
            sa.select(products.c.id, products.c.substance, products.c.strength,
                      products.c.form)).all():
        new = (SUBSTANCES_DA.get(substance, substance), _strength(strength), _form(form))
        if new != (substance, strength, form):
            conn.execute(products.update().where(products.c.id == pid).values(
                substance=new[0], strength=new[1], form=new[2]))


def downgrade() -> None:
    """The English words are not restored: they were never meant for the user."""
