"""Extract FMK's XML schemas from its WSDL into ``resources/fmk/`` (one ``.xsd`` per namespace).

    python resources/build_fmk_schemas.py PATH/TO/MedicineCard-inline_2015_06_01_E6.wsdl
    python resources/build_fmk_schemas.py WSDL --check     # exit 1 if the committed files differ

The WSDL is FMK's (Fælles Medicinkort) web-service description for schema version 1.4.6 with every
schema inline, as published in Sundhedsdatastyrelsen's public repository ``Sundhedsdatastyrelsen/
ehdsi`` (commit a8949a9, ``national-connector/epps-api/epps-fmk-api/src/main/resources/wsdl/``),
MIT licence (``resources/fmk/LICENSE``). Their copy is lightly edited from the one on FMK's
technical wiki so that schema tools can parse it (definitions moved ahead of their use, a duplicated
``id`` attribute commented out).

Only the schemas a GetMedicineCardResponse and a GetExplicitDoseDispensingCardResponse need are
written (the medicine-card namespace ``.../2015/06/01``, its E2, E3 and E6 extensions, and the EAN
schema they import); the SOAP header schemas (DGWS, SAML, WS-Security, XML signature) are not,
because dosisdesk reads response bodies only. Each ``xs:import`` gets a ``schemaLocation`` naming
the sibling file, and ``fmk.xsd`` imports the two response namespaces so one compiled schema
validates either document. The program never reads the WSDL: it loads the files written here.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
OUT = HERE / "fmk"
XS = "http://www.w3.org/2001/XMLSchema"
BASE = "http://www.dkma.dk/medicinecard/xml.schema/2015/06/01"

# namespace -> file name, for the schemas the response documents need
FILES: dict[str, str] = {
    "http://rep.oio.dk/ean/xml/schemas/2005/01/10/": "ean.xsd",
    BASE: "medicinecard-2015-06-01.xsd",
    f"{BASE}/E2": "medicinecard-2015-06-01-E2.xsd",
    f"{BASE}/E3": "medicinecard-2015-06-01-E3.xsd",
    f"{BASE}/E6": "medicinecard-2015-06-01-E6.xsd",
}

HEADER = (
    " Extracted by resources/build_fmk_schemas.py from FMK's "
    "MedicineCard-inline_2015_06_01_E6.wsdl (schema version 1.4.6), as published in "
    "Sundhedsdatastyrelsen/ehdsi (commit a8949a9), MIT "
    "licence: see LICENSE beside this file. Do not edit by hand. "
)

ROOT_XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<!--{HEADER}-->
<!-- The entry point dosisdesk compiles: both response documents it reads. -->
<xs:schema xmlns:xs="{XS}" targetNamespace="urn:dosisdesk:fmk-entry"
           elementFormDefault="qualified">
  <xs:import namespace="{BASE}/E2" schemaLocation="{FILES[f"{BASE}/E2"]}"/>
  <xs:import namespace="{BASE}/E6" schemaLocation="{FILES[f"{BASE}/E6"]}"/>
</xs:schema>
"""


def extract(wsdl: Path) -> dict[str, bytes]:
    """File name -> bytes for every schema in FILES, plus ``fmk.xsd``."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    tree = etree.parse(str(wsdl), parser)
    out: dict[str, bytes] = {}
    for schema in tree.getroot().iter(f"{{{XS}}}schema"):
        ns = schema.get("targetNamespace")
        if ns not in FILES:
            continue
        if FILES[ns] in out:
            raise SystemExit(f"two schemas for {ns}: the WSDL is not the expected one")
        # A fresh root that declares every namespace in scope in the WSDL: type references
        # ("medicinecard20150601:Foo") use prefixes declared on wsdl:definitions.
        nsmap = {k: v for k, v in schema.nsmap.items()}
        root = etree.Element(schema.tag, nsmap=nsmap)
        for key, value in schema.attrib.items():
            root.set(key, value)
        root.text = "\n"
        for child in schema:
            root.append(copy.deepcopy(child))
        for imp in root.findall(f"{{{XS}}}import"):
            target = imp.get("namespace")
            if target not in FILES:
                raise SystemExit(f"{ns} imports {target}, which is not extracted")
            imp.set("schemaLocation", FILES[target])
        root.insert(0, etree.Comment(HEADER))
        out[FILES[ns]] = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
    missing = set(FILES.values()) - set(out)
    if missing:
        raise SystemExit(f"not found in the WSDL: {sorted(missing)}")
    out["fmk.xsd"] = ROOT_XSD.encode()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wsdl", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="compare, do not write")
    args = ap.parse_args(argv)
    files = extract(args.wsdl)
    if args.check:
        stale = [
            n
            for n, b in files.items()
            if not (args.out / n).is_file() or (args.out / n).read_bytes() != b
        ]
        for name in stale:
            print(f"differs: {name}", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
    # Compile once, so a broken extraction fails here rather than at the first import.
    etree.XMLSchema(etree.parse(str(args.out / "fmk.xsd")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
