<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da_DK" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Changed by someone else</source>
        <translation>Ændret af en anden</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Cannot be saved</source>
        <translation>Kan ikke gemmes</translation>
    </message>
    <message>
        <source>The database is busy with another user right now. Wait a moment and try again. Nothing you typed has been lost.</source>
        <translation>Databasen er optaget af en anden bruger lige nu. Vent et øjeblik og prøv igen. Det, du har skrevet, er ikke gået tabt.</translation>
    </message>
    <message>
        <source>The connection to the database was lost. Check the network and try again. Nothing you typed has been lost.</source>
        <translation>Forbindelsen til databasen er afbrudt. Kontrollér netværket og prøv igen. Det, du har skrevet, er ikke gået tabt.</translation>
    </message>
    <message>
        <source>Program error</source>
        <translation>Programfejl</translation>
    </message>
    <message>
        <source>An error occurred in the program. What you saved before is not affected; the action you were doing was not saved.
Copy the details and send them to IT support.</source>
        <translation>Der opstod en fejl i programmet. Det, du gemte før, er ikke berørt; den handling, du var i gang med, er ikke gemt.
Kopiér detaljerne og send dem til IT-support.</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Fejldetaljer</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Kopiér detaljer</translation>
    </message>
    <message>
        <source>Enter the department&apos;s phone number.</source>
        <translation>Skriv afdelingens telefonnummer.</translation>
    </message>
    <message>
        <source>A phone number has only digits, spaces and +.</source>
        <translation>Et telefonnummer består kun af cifre, mellemrum og +.</translation>
    </message>
    <message>
        <source>The phone number needs at least 8 digits.</source>
        <translation>Telefonnummeret skal have mindst 8 cifre.</translation>
    </message>
</context>
<context>
    <name>AcutePanel</name>
    <message>
        <source>Acute change</source>
        <translation>Akut ændring</translation>
    </message>
    <message>
        <source>What waiting would mean</source>
        <translation>Hvad det ville betyde at vente</translation>
    </message>
    <message>
        <source>Why it cannot wait</source>
        <translation>Hvorfor det ikke kan vente</translation>
    </message>
    <message>
        <source>Why the change cannot wait for the next roll</source>
        <translation>Hvorfor ændringen ikke kan vente til næste rulle</translation>
    </message>
    <message>
        <source>Reaso&amp;n:</source>
        <translation>Begrund&amp;else:</translation>
    </message>
    <message>
        <source>Deciding doctor</source>
        <translation>Besluttende læge</translation>
    </message>
    <message>
        <source>Name of the doctor who decided</source>
        <translation>Navn på lægen, der besluttede</translation>
    </message>
    <message>
        <source>Do&amp;ctor:</source>
        <translation>L&amp;æge:</translation>
    </message>
    <message>
        <source>Bags affected (click a cell, a day or a slot):</source>
        <translation>Berørte poser (klik på en celle, en dag eller et tidspunkt):</translation>
    </message>
    <message>
        <source>Take the tablets &amp;out of these bags</source>
        <translation>Tag tabletterne &amp;ud af disse poser</translation>
    </message>
    <message>
        <source>D&amp;iscard these bags and give from an ordinary pack</source>
        <translation>&amp;Kassér disse poser og giv fra almindelig pakning</translation>
    </message>
    <message>
        <source>The &amp;bags stay as they are</source>
        <translation>Poserne &amp;forbliver som de er</translation>
    </message>
    <message>
        <source>E&amp;very tablet in these bags can be identified</source>
        <translation>Alle tabletter i disse p&amp;oser kan identificeres</translation>
    </message>
    <message>
        <source>All tablets can be identified</source>
        <translation>Alle tabletter kan identificeres</translation>
    </message>
    <message>
        <source>Ask the &amp;pharmacy for a replacement roll</source>
        <translation>Bed a&amp;poteket om en erstatningsrulle</translation>
    </message>
    <message>
        <source>Pa&amp;use dose dispensing</source>
        <translation>&amp;Sæt dosisdispensering i bero</translation>
    </message>
    <message numerus="yes">
        <source>in %n minute(s)</source>
        <translation>
            <numerusform>om %n minut</numerusform>
            <numerusform>om %n minutter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n hour(s)</source>
        <translation>
            <numerusform>om %n time</numerusform>
            <numerusform>om %n timer</numerusform>
        </translation>
    </message>
    <message>
        <source>Next roll starts {start}, deadline {deadline}, {in_days}.</source>
        <translation>Næste rulle starter {start}, frist {deadline}, {in_days}.</translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation>
            <numerusform>om %n dag</numerusform>
            <numerusform>om %n dage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting, the citizen gets the change in %n day(s).</source>
        <translation>
            <numerusform>Venter man, får borgeren ændringen om %n dag.</numerusform>
            <numerusform>Venter man, får borgeren ændringen om %n dage.</numerusform>
        </translation>
    </message>
    <message>
        <source>If it waits:</source>
        <translation>Hvis det venter:</translation>
    </message>
    <message>
        <source>An acute change needs a reason: why can it not wait?</source>
        <translation>En akut ændring kræver en begrundelse: hvorfor kan den ikke vente?</translation>
    </message>
    <message>
        <source>Enter the doctor who decided the change is acute.</source>
        <translation>Skriv den læge, der besluttede, at ændringen er akut.</translation>
    </message>
    <message>
        <source>Choose what happens to the bags in the home.</source>
        <translation>Vælg, hvad der sker med poserne i hjemmet.</translation>
    </message>
    <message>
        <source>You ticked bags: choose whether the tablets are taken out or the bags discarded.</source>
        <translation>Du har markeret poser: vælg, om tabletterne tages ud, eller poserne kasseres.</translation>
    </message>
    <message>
        <source>Choose at least one handling: bags, pharmacy or pause.</source>
        <translation>Vælg mindst én håndtering: poser, apotek eller pause.</translation>
    </message>
    <message>
        <source>Tick the bags (day and time) in the grid.</source>
        <translation>Markér poserne (dag og tidspunkt) i skemaet.</translation>
    </message>
    <message>
        <source>Tablets may only be taken out when every tablet can be identified. Otherwise discard the bags.</source>
        <translation>Tabletter må kun tages ud, når alle tabletter kan identificeres. Ellers skal poserne kasseres.</translation>
    </message>
</context>
<context>
    <name>AcuteTab</name>
    <message>
        <source>From</source>
        <translation>Fra</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>Acute changes</source>
        <translation>Akutte ændringer</translation>
    </message>
    <message>
        <source>The acute change</source>
        <translation>Den akutte ændring</translation>
    </message>
    <message>
        <source>F&amp;rom:</source>
        <translation>F&amp;ra:</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>T&amp;il:</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message numerus="yes">
        <source>%n acute change(s).</source>
        <translation>
            <numerusform>%n akut ændring.</numerusform>
            <numerusform>%n akutte ændringer.</numerusform>
        </translation>
    </message>
    <message>
        <source>The next roll was, when decided: within 3 days for %1, 4–7 days away for %2, more than a week away for %3.</source>
        <translation>Næste rulle var, da det blev besluttet: inden for 3 dage for %1, 4–7 dage væk for %2, mere end en uge væk for %3.</translation>
    </message>
</context>
<context>
    <name>AcuteWords</name>
    <message numerus="yes">
        <source>%n day(s), roll %1</source>
        <translation>
            <numerusform>%n dag, rulle %1</numerusform>
            <numerusform>%n dage, rulle %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the next roll started %1 (deadline %2), %n day(s) after the decision.</source>
        <translation>
            <numerusform>næste rulle startede %1 (frist %2), %n dag efter beslutningen.</numerusform>
            <numerusform>næste rulle startede %1 (frist %2), %n dage efter beslutningen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AddressDialog</name>
    <message>
        <source>Address for correspondence</source>
        <translation>Adresse til korrespondance</translation>
    </message>
    <message>
        <source>SOR code</source>
        <translation>SOR-kode</translation>
    </message>
    <message>
        <source>EAN location number</source>
        <translation>EAN-lokationsnummer</translation>
    </message>
    <message>
        <source>&amp;SOR code:</source>
        <translation>&amp;SOR-kode:</translation>
    </message>
    <message>
        <source>&amp;EAN number:</source>
        <translation>&amp;EAN-nummer:</translation>
    </message>
    <message>
        <source>A SOR code is 6 to 18 digits.</source>
        <translation>En SOR-kode har 6 til 18 cifre.</translation>
    </message>
    <message>
        <source>An EAN location number is 13 digits.</source>
        <translation>Et EAN-lokationsnummer har 13 cifre.</translation>
    </message>
</context>
<context>
    <name>BagGrid</name>
    <message>
        <source>Bags in the home</source>
        <translation>Poser i hjemmet</translation>
    </message>
</context>
<context>
    <name>BreakGlassDialog</name>
    <message>
        <source>Emergency access to a citizen</source>
        <translation>Nødadgang til en borger</translation>
    </message>
    <message>
        <source>Only when you cover for another team: the citizen opens for this shift (12 hours). Your reason is logged and the medicine coordinator reviews it.</source>
        <translation>Kun når du dækker for et andet team: borgeren åbnes for denne vagt (12 timer). Din begrundelse logges, og medicinkoordinatoren gennemser den.</translation>
    </message>
    <message>
        <source>CPR number</source>
        <translation>CPR-nummer</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begrundelse</translation>
    </message>
    <message>
        <source>e.g. covering for Team Syd this evening</source>
        <translation>fx dækker for Team Syd i aftenvagten</translation>
    </message>
    <message>
        <source>&amp;CPR number:</source>
        <translation>&amp;CPR-nummer:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Begrundelse:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Åbn</translation>
    </message>
</context>
<context>
    <name>CancelChangeDialog</name>
    <message>
        <source>Cancel change</source>
        <translation>Annullér ændring</translation>
    </message>
    <message>
        <source>Reason for cancelling</source>
        <translation>Begrundelse for annullering</translation>
    </message>
    <message>
        <source>Cancel: %1</source>
        <translation>Annullér: %1</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Begrundelse:</translation>
    </message>
    <message>
        <source>Cancel the change</source>
        <translation>Annullér ændringen</translation>
    </message>
</context>
<context>
    <name>CardHeader</name>
    <message>
        <source>Paused</source>
        <translation type="vanished">I bero</translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation type="vanished">Indlagt</translation>
    </message>
    <message>
        <source>%1  ·  %2  ·  %3 years</source>
        <translation>%1  ·  %2  ·  %3 år</translation>
    </message>
    <message>
        <source>GP: %1</source>
        <translation>Egen læge: %1</translation>
    </message>
    <message>
        <source>not registered</source>
        <translation>ikke registreret</translation>
    </message>
    <message>
        <source>, phone %1</source>
        <translation>, tlf. %1</translation>
    </message>
    <message>
        <source>Packing group: %1, %2</source>
        <translation>Pakkegruppe: %1, %2</translation>
    </message>
    <message numerus="yes">
        <source>The citizen has %n more dose card(s).</source>
        <translation>
            <numerusform>Borgeren har %n dosiskort mere.</numerusform>
            <numerusform>Borgeren har %n dosiskort mere.</numerusform>
        </translation>
    </message>
    <message>
        <source>Admitted: %1, %2 · the department answers: phone %3</source>
        <translation>Indlagt: %1, %2 · afdelingen svarer: tlf. %3</translation>
    </message>
    <message>
        <source>Dose dispensing is PAUSED</source>
        <translation>Dosisdispenseringen er SAT I BERO</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>siden %1</translation>
    </message>
    <message>
        <source>Copy CPR number</source>
        <translation>Kopiér CPR-nummer</translation>
    </message>
    <message>
        <source>Copy the header</source>
        <translation>Kopiér borgeroplysningerne</translation>
    </message>
</context>
<context>
    <name>CardTable</name>
    <message>
        <source>Dose card lines</source>
        <translation>Dosiskortets linjer</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:#ffe8a3&apos;&gt;&amp;nbsp;yellow&amp;nbsp;&lt;/span&gt; differs from the current roll &amp;nbsp; &lt;span style=&apos;background:#cfe2ff&apos;&gt;&amp;nbsp;blue&amp;nbsp;&lt;/span&gt; new appearance &amp;nbsp; &lt;span style=&apos;background:#e9ecef&apos;&gt;&amp;nbsp;–&amp;nbsp;&lt;/span&gt; not on the card in that roll &amp;nbsp; Double-click a line (or press Enter) to register a change.</source>
        <translation>&lt;span style=&apos;background:#ffe8a3&apos;&gt;&amp;nbsp;gul&amp;nbsp;&lt;/span&gt; afviger fra den nuværende rulle &amp;nbsp; &lt;span style=&apos;background:#cfe2ff&apos;&gt;&amp;nbsp;blå&amp;nbsp;&lt;/span&gt; nyt udseende &amp;nbsp; &lt;span style=&apos;background:#e9ecef&apos;&gt;&amp;nbsp;–&amp;nbsp;&lt;/span&gt; ikke på kortet i den rulle &amp;nbsp; Dobbeltklik på en linje (eller tryk Enter) for at registrere en ændring.</translation>
    </message>
    <message numerus="yes">
        <source>%n private-marked line(s) hidden</source>
        <translation>
            <numerusform>%n privatmarkeret linje er skjult</numerusform>
            <numerusform>%n privatmarkerede linjer er skjult</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CardWidget</name>
    <message>
        <source>Card sections</source>
        <translation>Kortets faner</translation>
    </message>
    <message>
        <source>&amp;Card</source>
        <translation>&amp;Kort</translation>
    </message>
    <message>
        <source>&amp;Day view</source>
        <translation>&amp;Dagsvisning</translation>
    </message>
    <message>
        <source>C&amp;hanges</source>
        <translation>Æ&amp;ndringer</translation>
    </message>
    <message>
        <source>Double prescriptions and &amp;renewals</source>
        <translation>Dobbeltordinationer og &amp;fornyelser</translation>
    </message>
    <message>
        <source>Hos&amp;pital</source>
        <translation>S&amp;ygehus</translation>
    </message>
    <message>
        <source>F&amp;MK</source>
        <translation>F&amp;MK</translation>
    </message>
    <message>
        <source>Corr&amp;espondence</source>
        <translation>Korr&amp;espondance</translation>
    </message>
    <message>
        <source>Find a citizen in the list on the left (Ctrl+F), then press Enter or click the name to see the dose card.</source>
        <translation>Find en borger i listen til venstre (Ctrl+F), og tryk Enter eller klik på navnet for at se dosiskortet.</translation>
    </message>
    <message>
        <source>This citizen&apos;s card could not be opened, so no card is shown. Press Enter on the citizen in the list, or F5, to try once more.</source>
        <translation>Borgerens kort kunne ikke åbnes, så der vises intet kort. Tryk Enter på borgeren i listen eller F5 for at prøve en gang til.</translation>
    </message>
    <message>
        <source>C&amp;hanges (%1)</source>
        <translation>Æ&amp;ndringer (%1)</translation>
    </message>
    <message>
        <source>Double prescriptions and &amp;renewals (%1)</source>
        <translation>Dobbeltordinationer og &amp;fornyelser (%1)</translation>
    </message>
    <message>
        <source>Hos&amp;pital · 72 h open</source>
        <translation>S&amp;ygehus · 72 t åben</translation>
    </message>
    <message>
        <source>F&amp;MK (%1)</source>
        <translation>F&amp;MK (%1)</translation>
    </message>
</context>
<context>
    <name>ChangeDialog</name>
    <message>
        <source>Register a change</source>
        <translation>Registrér en ændring</translation>
    </message>
    <message>
        <source>Loading the card…</source>
        <translation>Henter kortet …</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>Gem (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>dose dispensing is paused</source>
        <translation>dosisdispenseringen er i bero</translation>
    </message>
    <message>
        <source>The card could not be loaded.</source>
        <translation>Kortet kunne ikke hentes.</translation>
    </message>
    <message>
        <source>Nothing has been saved. What you typed is still here.</source>
        <translation>Der er ikke gemt noget. Det, du har skrevet, er her stadig.</translation>
    </message>
    <message>
        <source>Discard the change?</source>
        <translation>Kassér ændringen?</translation>
    </message>
    <message>
        <source>You have typed a change that is not saved. Close and discard it?</source>
        <translation>Du har skrevet en ændring, der ikke er gemt. Vil du lukke og kassere den?</translation>
    </message>
</context>
<context>
    <name>ChangeForm</name>
    <message>
        <source>Line on the card</source>
        <translation>Linje på kortet</translation>
    </message>
    <message>
        <source>&amp;Line:</source>
        <translation>Li&amp;nje:</translation>
    </message>
    <message>
        <source>&amp;Drug:</source>
        <translation>&amp;Lægemiddel:</translation>
    </message>
    <message>
        <source>Kind of change</source>
        <translation>Type ændring</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>New dos&amp;e:</source>
        <translation>Ny dos&amp;is:</translation>
    </message>
    <message>
        <source>Suppl&amp;y:</source>
        <translation>Fors&amp;yning:</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>Kil&amp;de:</translation>
    </message>
    <message>
        <source>&amp;Received:</source>
        <translation>&amp;Modtaget:</translation>
    </message>
    <message>
        <source>&amp;First day:</source>
        <translation>&amp;Første dag:</translation>
    </message>
    <message>
        <source>&amp;Acute: takes effect today, before the next roll</source>
        <translation>&amp;Akut: træder i kraft i dag, før næste rulle</translation>
    </message>
    <message>
        <source>Acute change</source>
        <translation>Akut ændring</translation>
    </message>
    <message>
        <source>Where the change lands</source>
        <translation>Hvor ændringen lander</translation>
    </message>
    <message>
        <source>New drug…</source>
        <translation>Nyt lægemiddel …</translation>
    </message>
    <message numerus="yes">
        <source>%n private line(s) not shown</source>
        <translation>
            <numerusform>%n privat linje vises ikke</numerusform>
            <numerusform>%n private linjer vises ikke</numerusform>
        </translation>
    </message>
    <message>
        <source>The chosen line is not on today&apos;s card. Choose the line, or a new drug.</source>
        <translation>Den valgte linje er ikke på kortet i dag. Vælg linjen eller et nyt lægemiddel.</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>i bero</translation>
    </message>
    <message>
        <source>Search for the drug and choose it in the list.</source>
        <translation>Søg lægemidlet frem og vælg det i listen.</translation>
    </message>
    <message>
        <source>Check the marked fields. Nothing has been saved.</source>
        <translation>Kontrollér de markerede felter. Der er ikke gemt noget.</translation>
    </message>
    <message>
        <source>Nothing has been saved.</source>
        <translation>Der er ikke gemt noget.</translation>
    </message>
</context>
<context>
    <name>ChangeSummary</name>
    <message>
        <source>Summary</source>
        <translation>Opsummering</translation>
    </message>
    <message>
        <source>&amp;Confirm: checked in FMK</source>
        <translation>&amp;Bekræft: tjekket i FMK</translation>
    </message>
    <message>
        <source>Reason for cancelling</source>
        <translation>Begrundelse for annullering</translation>
    </message>
    <message>
        <source>Reason for cancelling the change</source>
        <translation>Begrundelse for at annullere ændringen</translation>
    </message>
    <message>
        <source>Ca&amp;ncel the change</source>
        <translation>A&amp;nnullér ændringen</translation>
    </message>
    <message>
        <source>Acute change {id} is in effect from today, {day}.</source>
        <translation>Akut ændring {id} er i kraft fra i dag, {day}.</translation>
    </message>
    <message>
        <source>until {day}</source>
        <translation>indtil {day}</translation>
    </message>
    <message>
        <source>Follow-up change {id}</source>
        <translation>Opfølgningsændring {id}</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>Status: {state}</translation>
    </message>
    <message>
        <source>No follow-up change: the line is not in the roll.</source>
        <translation>Ingen opfølgningsændring: linjen er ikke i rullen.</translation>
    </message>
    <message>
        <source>Change {id} is registered</source>
        <translation>Ændring {id} er registreret</translation>
    </message>
    <message>
        <source>The order starts {day}: from {first} to {last} handle the bags or give the medicine by hand.</source>
        <translation>Ordinationen starter {day}: fra {first} til {last} skal poserne håndteres, eller medicinen gives manuelt.</translation>
    </message>
    <message>
        <source>Takes effect {day}.</source>
        <translation>Træder i kraft {day}.</translation>
    </message>
    <message>
        <source>in the roll {first} – {last} (deadline {deadline}); takes effect {day}.</source>
        <translation>i rullen {first} – {last} (frist {deadline}); træder i kraft {day}.</translation>
    </message>
</context>
<context>
    <name>ChangesTab</name>
    <message>
        <source>Open changes</source>
        <translation>Åbne ændringer</translation>
    </message>
    <message>
        <source>C&amp;onfirm (checked in FMK)</source>
        <translation>Be&amp;kræft (tjekket i FMK)</translation>
    </message>
    <message>
        <source>Ca&amp;ncel change…</source>
        <translation>A&amp;nnullér ændring …</translation>
    </message>
    <message>
        <source>New change…</source>
        <translation>Ny ændring …</translation>
    </message>
    <message>
        <source>Acute change…</source>
        <translation>Akut ændring …</translation>
    </message>
    <message>
        <source>Mark handling &amp;done (all bags)</source>
        <translation>Kvittér for håndteringen (alle &amp;poser)</translation>
    </message>
    <message>
        <source>Mark every open bag of the selected acute change as done</source>
        <translation>Kvittér for alle åbne poser i den valgte akutte ændring</translation>
    </message>
    <message>
        <source>&amp;Write to the GP…</source>
        <translation>Skriv til &amp;lægen…</translation>
    </message>
    <message>
        <source>A correspondence message (MedCom) to the GP about the selected change</source>
        <translation>En korrespondancemeddelelse (MedCom) til egen læge om den valgte ændring</translation>
    </message>
    <message>
        <source>Confirm the selected change</source>
        <translation>Bekræft den valgte ændring</translation>
    </message>
    <message>
        <source>Cancel the selected change</source>
        <translation>Annullér den valgte ændring</translation>
    </message>
    <message>
        <source>Register a new change</source>
        <translation>Registrér en ny ændring</translation>
    </message>
    <message>
        <source>Register an acute change</source>
        <translation>Registrér en akut ændring</translation>
    </message>
    <message>
        <source>No open changes.</source>
        <translation>Ingen åbne ændringer.</translation>
    </message>
    <message>
        <source>Change %1, registered %2 by %3</source>
        <translation>Ændring %1, registreret %2 af %3</translation>
    </message>
    <message>
        <source>Lands in the roll %1 (deadline %2)</source>
        <translation>Lander i rullen %1 (frist %2)</translation>
    </message>
    <message>
        <source>Acute: %1 · doctor: %2</source>
        <translation>Akut: %1 · læge: %2</translation>
    </message>
    <message>
        <source>The roll carries it from %1; until then:</source>
        <translation>Rullen bærer den fra %1; indtil da:</translation>
    </message>
    <message>
        <source>done by %1 %2</source>
        <translation>udført af %1 %2</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>mangler</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Kilde: %1</translation>
    </message>
</context>
<context>
    <name>CitizenLogDialog</name>
    <message>
        <source>The citizen&apos;s log · %1</source>
        <translation>Borgerens log · %1</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Tidspunkt</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Hvem</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Hvad</translation>
    </message>
    <message>
        <source>Accesses to the citizen</source>
        <translation>Adgange til borgeren</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Gem som PDF…</translation>
    </message>
    <message>
        <source>Save the citizen&apos;s log</source>
        <translation>Gem borgerens log</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-filer (*.pdf)</translation>
    </message>
    <message>
        <source>The citizen&apos;s log</source>
        <translation>Borgerens log</translation>
    </message>
    <message>
        <source>Saved %1 pages as %2.</source>
        <translation>Gemte %1 sider som %2.</translation>
    </message>
    <message>
        <source>Logging the print…</source>
        <translation>Logger udskriften …</translation>
    </message>
    <message>
        <source>Making the pages…</source>
        <translation>Laver siderne …</translation>
    </message>
</context>
<context>
    <name>CitizenSearch</name>
    <message>
        <source>CPR number or name</source>
        <translation>CPR-nummer eller navn</translation>
    </message>
    <message>
        <source>Search citizens</source>
        <translation>Søg borgere</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Citizens</source>
        <translation>Borgere</translation>
    </message>
    <message>
        <source>Find citi&amp;zen:</source>
        <translation>Find bo&amp;rger:</translation>
    </message>
    <message>
        <source>T&amp;eam:</source>
        <translation>T&amp;eam:</translation>
    </message>
    <message>
        <source>My team (%1)</source>
        <translation>Mit team (%1)</translation>
    </message>
    <message>
        <source>Nurses see the citizens of their own team.</source>
        <translation>Sygeplejersker ser borgerne i deres eget team.</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>Alle teams</translation>
    </message>
    <message>
        <source>No citizens match.</source>
        <translation>Ingen borgere passer.</translation>
    </message>
    <message numerus="yes">
        <source>%n citizen(s) shown, scroll for more</source>
        <translation>
            <numerusform>%n borger vist, rul for flere</numerusform>
            <numerusform>%n borgere vist, rul for flere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n citizen(s)</source>
        <translation>
            <numerusform>%n borger</numerusform>
            <numerusform>%n borgere</numerusform>
        </translation>
    </message>
    <message>
        <source>The list could not be loaded.</source>
        <translation>Listen kunne ikke hentes.</translation>
    </message>
</context>
<context>
    <name>ComposeDialog</name>
    <message>
        <source>Correspondence message</source>
        <translation>Korrespondancemeddelelse</translation>
    </message>
    <message>
        <source>To the GP or the hospital about %1</source>
        <translation>Til egen læge eller sygehuset om %1</translation>
    </message>
    <message>
        <source>Acute matters are never sent as a message: phone the doctor or the department.</source>
        <translation>Akutte forhold sendes aldrig som besked: ring til lægen eller afdelingen.</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Modtager</translation>
    </message>
    <message>
        <source>%1 (no SOR/EAN address)</source>
        <translation>%1 (mangler SOR/EAN-adresse)</translation>
    </message>
    <message>
        <source>SOR/EA&amp;N…</source>
        <translation>SOR/EA&amp;N…</translation>
    </message>
    <message>
        <source>Enter the receiver&apos;s SOR code and EAN location number (from the SOR register)</source>
        <translation>Indtast modtagerens SOR-kode og EAN-lokationsnummer (fra SOR-registret)</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Til:</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Kategori:</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Emne</translation>
    </message>
    <message>
        <source>T&amp;opic:</source>
        <translation>&amp;Emne:</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Beskedens tekst</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>&amp;Besked:</translation>
    </message>
    <message>
        <source>Signed by:</source>
        <translation>Underskrevet af:</translation>
    </message>
    <message>
        <source>Phone in the signature</source>
        <translation>Telefon i underskriften</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>Tele&amp;fon:</translation>
    </message>
    <message>
        <source>As soon as &amp;possible (only for Regarding referral)</source>
        <translation>&amp;Hurtigst muligt (kun ved Vedr. henvisning)</translation>
    </message>
    <message>
        <source>Attach the &amp;medicine list (PDF)</source>
        <translation>Vedhæft &amp;medicinlisten (PDF)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Put the message in the outbox (Ctrl+Enter)</source>
        <translation>Læg beskeden i udbakken (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Required for Other</source>
        <translation>Påkrævet ved Andet</translation>
    </message>
    <message>
        <source>The category Other needs a topic.</source>
        <translation>Kategorien Andet kræver et emne.</translation>
    </message>
    <message>
        <source>Write the message.</source>
        <translation>Skriv beskeden.</translation>
    </message>
    <message>
        <source>A phone number the receiver can call back on.</source>
        <translation>Et telefonnummer modtageren kan ringe tilbage på.</translation>
    </message>
    <message>
        <source>This receiver has no SOR code and EAN number yet: add them on the citizen or the contact first.</source>
        <translation>Modtageren har endnu ingen SOR-kode og EAN-nummer: tilføj dem på borgeren eller kontakten først.</translation>
    </message>
</context>
<context>
    <name>ConflictBox</name>
    <message>
        <source>&amp;Replace the queued change</source>
        <translation>&amp;Erstat ændringen i køen</translation>
    </message>
    <message>
        <source>Replace the queued change: it is cancelled with a reason</source>
        <translation>Erstat ændringen i køen: den annulleres med en begrundelse</translation>
    </message>
    <message>
        <source>&amp;Keep both (the new one after)</source>
        <translation>&amp;Behold begge (den nye efter)</translation>
    </message>
    <message>
        <source>Keep both changes: the new one comes after the queued one</source>
        <translation>Behold begge ændringer: den nye kommer efter den i køen</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Register a hospital contact</source>
        <translation>Registrér en sygehuskontakt</translation>
    </message>
    <message>
        <source>Hospital contact</source>
        <translation>Sygehuskontakt</translation>
    </message>
    <message>
        <source>Kind of contact</source>
        <translation>Type kontakt</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>Sygehus</translation>
    </message>
    <message>
        <source>&amp;Hospital:</source>
        <translation>&amp;Sygehus:</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Afdeling</translation>
    </message>
    <message>
        <source>e.g. Kardiologisk afdeling</source>
        <translation>fx Kardiologisk afdeling</translation>
    </message>
    <message>
        <source>&amp;Department:</source>
        <translation>&amp;Afdeling:</translation>
    </message>
    <message>
        <source>The department&apos;s phone</source>
        <translation>Afdelingens telefon</translation>
    </message>
    <message>
        <source>Department&apos;s &amp;phone:</source>
        <translation>Afdelingens tele&amp;fon:</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>&amp;Start:</source>
        <translation>Sta&amp;rt:</translation>
    </message>
    <message>
        <source>&amp;Ended</source>
        <translation>&amp;Afsluttet</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Slut</translation>
    </message>
    <message>
        <source>End:</source>
        <translation>Slut:</translation>
    </message>
    <message>
        <source>Somatic or psychiatric:</source>
        <translation>Somatisk eller psykiatrisk:</translation>
    </message>
    <message>
        <source>P&amp;ause dose dispensing</source>
        <translation>Sæt dosisdispensering i &amp;bero</translation>
    </message>
    <message>
        <source>Pause dose dispensing</source>
        <translation>Sæt dosisdispensering i bero</translation>
    </message>
    <message>
        <source>The hospital &amp;changed the dose-dispensed medicine</source>
        <translation>Sygehuset har &amp;ændret den dosisdispenserede medicin</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>dose dispensing is already paused</source>
        <translation>dosisdispenseringen er allerede i bero</translation>
    </message>
    <message>
        <source>The start is in the future.</source>
        <translation>Starttidspunktet ligger i fremtiden.</translation>
    </message>
    <message>
        <source>The end is in the future.</source>
        <translation>Sluttidspunktet ligger i fremtiden.</translation>
    </message>
    <message>
        <source>The end is before the start.</source>
        <translation>Sluttidspunktet ligger før starten.</translation>
    </message>
    <message>
        <source>Enter the hospital.</source>
        <translation>Skriv sygehuset.</translation>
    </message>
    <message>
        <source>Enter the department.</source>
        <translation>Skriv afdelingen.</translation>
    </message>
    <message>
        <source>Check the marked fields. Nothing has been saved.</source>
        <translation>Kontrollér de markerede felter. Der er ikke gemt noget.</translation>
    </message>
</context>
<context>
    <name>ContactForm</name>
    <message>
        <source>So&amp;matic</source>
        <translation>So&amp;matisk</translation>
    </message>
    <message>
        <source>Ps&amp;ychiatric</source>
        <translation>Ps&amp;ykiatrisk</translation>
    </message>
</context>
<context>
    <name>ContactPanel</name>
    <message>
        <source>Phone to call</source>
        <translation>Telefon, der skal ringes til</translation>
    </message>
    <message>
        <source>Time left of the 72 hours</source>
        <translation>Tid tilbage af de 72 timer</translation>
    </message>
    <message>
        <source>Register &amp;discharge…</source>
        <translation>Registrér &amp;udskrivelse …</translation>
    </message>
    <message>
        <source>E&amp;xtend window…</source>
        <translation>For&amp;læng vinduet …</translation>
    </message>
    <message>
        <source>&amp;Pause dose dispensing</source>
        <translation>&amp;Sæt dosisdispensering i bero</translation>
    </message>
    <message>
        <source>&amp;Resume dose dispensing…</source>
        <translation>&amp;Genoptag dosisdispensering …</translation>
    </message>
    <message>
        <source>&amp;Write to the department…</source>
        <translation>Skriv til &amp;afdelingen…</translation>
    </message>
    <message>
        <source>A correspondence message (MedCom); during the 72 hours with the category Extended care responsibility. Acute matters go by phone.</source>
        <translation>En korrespondancemeddelelse (MedCom); i de 72 timer med kategorien Udvidet behandlingsansvar. Akutte forhold klares pr. telefon.</translation>
    </message>
    <message>
        <source>Hospital contacts</source>
        <translation>Sygehuskontakter</translation>
    </message>
    <message>
        <source>After the discharge</source>
        <translation>Efter udskrivelsen</translation>
    </message>
    <message>
        <source>Epicrisis received</source>
        <translation>Epikrise modtaget</translation>
    </message>
    <message>
        <source>FMK checked</source>
        <translation>FMK tjekket</translation>
    </message>
    <message>
        <source>Changes registered</source>
        <translation>Ændringer registreret</translation>
    </message>
    <message>
        <source>Dose dispensing resumed, or still paused by decision</source>
        <translation>Dosisdispensering genoptaget, eller fortsat i bero efter beslutning</translation>
    </message>
    <message>
        <source>No hospital contacts</source>
        <translation>Ingen sygehuskontakter</translation>
    </message>
    <message>
        <source>Admitted · the hospital answers questions about medicine</source>
        <translation>Indlagt · sygehuset svarer på spørgsmål om medicin</translation>
    </message>
    <message>
        <source>Admitted since {when}</source>
        <translation>Indlagt siden {when}</translation>
    </message>
    <message>
        <source>72-hour window open · call the department with questions about medicine</source>
        <translation>72-timers vindue åbent · ring til afdelingen med spørgsmål om medicin</translation>
    </message>
    <message>
        <source>The department answers until {end}</source>
        <translation>Afdelingen svarer indtil {end}</translation>
    </message>
    <message>
        <source>Call own GP with questions about medicine</source>
        <translation>Ring til egen læge med spørgsmål om medicin</translation>
    </message>
    <message>
        <source>Own GP</source>
        <translation>Egen læge</translation>
    </message>
    <message>
        <source>{left} left</source>
        <translation>{left} tilbage</translation>
    </message>
    <message>
        <source>For a contact that has ended.</source>
        <translation>For en kontakt, der er afsluttet.</translation>
    </message>
    <message>
        <source>Checklist done.</source>
        <translation>Tjeklisten er færdig.</translation>
    </message>
    <message>
        <source>Missing: {items}</source>
        <translation>Mangler: {items}</translation>
    </message>
    <message>
        <source>Hospital contact</source>
        <translation>Sygehuskontakt</translation>
    </message>
    <message>
        <source>Pause dose dispensing</source>
        <translation>Sæt dosisdispensering i bero</translation>
    </message>
    <message>
        <source>Pause dose dispensing now? Rolls whose deadline passes while paused are not packed.</source>
        <translation>Sæt dosisdispensering i bero nu? Ruller, hvis frist passeres mens den er i bero, bliver ikke pakket.</translation>
    </message>
    <message>
        <source>The first packed roll starts {day}.</source>
        <translation>Den første pakkede rulle starter {day}.</translation>
    </message>
    <message numerus="yes">
        <source>Manual dispensing needed on %n day(s): </source>
        <translation>
            <numerusform>Manuel dispensering nødvendig på %n dag: </numerusform>
            <numerusform>Manuel dispensering nødvendig på %n dage: </numerusform>
        </translation>
    </message>
    <message>
        <source>No days need manual dispensing.</source>
        <translation>Ingen dage kræver manuel dispensering.</translation>
    </message>
    <message>
        <source>Resume dose dispensing</source>
        <translation>Genoptag dosisdispensering</translation>
    </message>
    <message>
        <source>Resume dose dispensing now?</source>
        <translation>Genoptag dosisdispensering nu?</translation>
    </message>
    <message>
        <source>Dose dispensing resumed.</source>
        <translation>Dosisdispenseringen er genoptaget.</translation>
    </message>
</context>
<context>
    <name>CoordinatorDesk</name>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Kø</translation>
    </message>
    <message>
        <source>A&amp;cute changes</source>
        <translation>Ak&amp;utte ændringer</translation>
    </message>
    <message>
        <source>&amp;Double prescriptions</source>
        <translation>&amp;Dobbeltordinationer</translation>
    </message>
    <message>
        <source>Re&amp;newals</source>
        <translation>&amp;Fornyelser</translation>
    </message>
    <message>
        <source>&amp;Supply failures</source>
        <translation>&amp;Leveringssvigt</translation>
    </message>
    <message>
        <source>&amp;Hospital</source>
        <translation>S&amp;ygehus</translation>
    </message>
    <message>
        <source>&amp;Periods</source>
        <translation>&amp;Perioder</translation>
    </message>
    <message>
        <source>F&amp;MK</source>
        <translation>F&amp;MK</translation>
    </message>
    <message>
        <source>&amp;Figures</source>
        <translation>&amp;Nøgletal</translation>
    </message>
    <message>
        <source>C&amp;orrespondence</source>
        <translation>K&amp;orrespondance</translation>
    </message>
    <message>
        <source>Medicine coordinator&apos;s desk</source>
        <translation>Medicinkoordinatorens skrivebord</translation>
    </message>
    <message>
        <source>Read only</source>
        <translation>Kun læsning</translation>
    </message>
    <message>
        <source>Nurses can look at the desk; confirming, cancelling and acknowledging is for medicine coordinators.</source>
        <translation>Sygeplejersker kan se skrivebordet; at bekræfte, annullere og kvittere er for medicinkoordinatorer.</translation>
    </message>
    <message>
        <source>Last action</source>
        <translation>Seneste handling</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Fortryd</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Intet at fortryde</translation>
    </message>
    <message>
        <source>Undo the last action</source>
        <translation>Fortryd den sidste handling</translation>
    </message>
    <message>
        <source>Undo: %1 (Ctrl+Z)</source>
        <translation>Fortryd: %1 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Fortrudt: %1</translation>
    </message>
</context>
<context>
    <name>CorrespondencePanel</name>
    <message>
        <source>Message threads</source>
        <translation>Beskedtråde</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Besked</translation>
    </message>
    <message>
        <source>To / from</source>
        <translation>Til / fra</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>The thread</source>
        <translation>Tråden</translation>
    </message>
    <message>
        <source>No correspondence yet.</source>
        <translation>Ingen korrespondance endnu.</translation>
    </message>
    <message>
        <source>&amp;New correspondence…</source>
        <translation>&amp;Ny korrespondance…</translation>
    </message>
    <message>
        <source>Rep&amp;ly…</source>
        <translation>&amp;Svar…</translation>
    </message>
    <message>
        <source>Fetch in&amp;box</source>
        <translation>Hent &amp;indbakke</translation>
    </message>
    <message>
        <source>Read replies and new messages from the inbox folder</source>
        <translation>Læs svar og nye beskeder fra indbakke-mappen</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>tlf.</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Bilag</translation>
    </message>
    <message>
        <source>To %1</source>
        <translation>Til %1</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Fra %1</translation>
    </message>
    <message>
        <source>Message in the outbox</source>
        <translation>Beskeden ligger i udbakken</translation>
    </message>
    <message>
        <source>The message to %1 is in the outbox; the mail system sends it.</source>
        <translation>Beskeden til %1 ligger i udbakken; forsendelsessystemet sender den.</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Indbakke</translation>
    </message>
</context>
<context>
    <name>CorrespondenceTab</name>
    <message>
        <source>Unanswered messages</source>
        <translation>Ubesvarede beskeder</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sendt</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>Borger</translation>
    </message>
    <message>
        <source>CPR</source>
        <translation>CPR</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Fetch in&amp;box</source>
        <translation>Hent &amp;indbakke</translation>
    </message>
    <message>
        <source>Read replies and new messages from the inbox folder</source>
        <translation>Læs svar og nye beskeder fra indbakke-mappen</translation>
    </message>
    <message>
        <source>Waiting for an answer, oldest first (%1)</source>
        <translation>Venter på svar, ældste først (%1)</translation>
    </message>
</context>
<context>
    <name>CreateCitizenDialog</name>
    <message>
        <source>Create citizen from FMK</source>
        <translation>Opret borger fra FMK</translation>
    </message>
    <message>
        <source>%1 is not in dosisdesk. Create the citizen from the FMK card? The medicine is then proposed line by line.</source>
        <translation>%1 findes ikke i dosisdesk. Vil du oprette borgeren fra FMK-kortet? Medicinen foreslås derefter linje for linje.</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>&amp;Packing group:</source>
        <translation>&amp;Pakkegruppe:</translation>
    </message>
</context>
<context>
    <name>DayView</name>
    <message>
        <source>Day</source>
        <translation>Dag</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>&amp;I dag</translation>
    </message>
    <message>
        <source>◀ Previous day</source>
        <translation>◀ Forrige dag</translation>
    </message>
    <message>
        <source>Next day ▶</source>
        <translation>Næste dag ▶</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>I dag</translation>
    </message>
    <message>
        <source>Previous day</source>
        <translation>Forrige dag</translation>
    </message>
    <message>
        <source>Next day</source>
        <translation>Næste dag</translation>
    </message>
    <message>
        <source>Bags of the day</source>
        <translation>Dagens poser</translation>
    </message>
    <message>
        <source>&amp;Mark bag done</source>
        <translation>&amp;Kvittér for posen</translation>
    </message>
    <message>
        <source>Mark the selected bag&apos;s handling as done</source>
        <translation>Kvittér for den valgte poses håndtering som udført</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>&amp;Dag:</translation>
    </message>
    <message>
        <source>roll %1</source>
        <translation>rulle %1</translation>
    </message>
    <message numerus="yes">
        <source>%n bag(s) this day.</source>
        <translation>
            <numerusform>%n pose denne dag.</numerusform>
            <numerusform>%n poser denne dag.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n handling(s) not done: select the row and mark it done.</source>
        <translation>
            <numerusform>%n håndtering mangler: vælg rækken og kvittér.</numerusform>
            <numerusform>%n håndteringer mangler: vælg rækken og kvittér.</numerusform>
        </translation>
    </message>
    <message>
        <source>No bags this day.</source>
        <translation>Ingen poser denne dag.</translation>
    </message>
</context>
<context>
    <name>DeskTab</name>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>Alle teams</translation>
    </message>
    <message>
        <source>My team</source>
        <translation>Mit team</translation>
    </message>
</context>
<context>
    <name>DischargeDialog</name>
    <message>
        <source>Register discharge</source>
        <translation>Registrér udskrivelse</translation>
    </message>
    <message>
        <source>Admitted {when}</source>
        <translation>Indlagt {when}</translation>
    </message>
    <message>
        <source>Discharge time</source>
        <translation>Udskrivelsestidspunkt</translation>
    </message>
    <message>
        <source>&amp;Discharged:</source>
        <translation>&amp;Udskrevet:</translation>
    </message>
    <message>
        <source>Somatic (said at the admission)</source>
        <translation>Somatisk (angivet ved indlæggelsen)</translation>
    </message>
    <message>
        <source>Psychiatric (said at the admission)</source>
        <translation>Psykiatrisk (angivet ved indlæggelsen)</translation>
    </message>
    <message>
        <source>Admission:</source>
        <translation>Indlæggelse:</translation>
    </message>
    <message>
        <source>Discharged to municipal &amp;nursing</source>
        <translation>Udskrevet til &amp;kommunal sygepleje</translation>
    </message>
    <message>
        <source>The 72-hour responsibility</source>
        <translation>Det 72-timers behandlingsansvar</translation>
    </message>
    <message>
        <source>The discharge is in the future.</source>
        <translation>Udskrivelsen ligger i fremtiden.</translation>
    </message>
    <message>
        <source>The discharge is before the admission ({when}).</source>
        <translation>Udskrivelsen ligger før indlæggelsen ({when}).</translation>
    </message>
    <message>
        <source>Enter a discharge time after the admission.</source>
        <translation>Skriv et udskrivelsestidspunkt efter indlæggelsen.</translation>
    </message>
    <message>
        <source>The 72-hour responsibility applies.</source>
        <translation>Det 72-timers behandlingsansvar gælder.</translation>
    </message>
    <message>
        <source>Call {department} ({phone}) about medicine until {end}.</source>
        <translation>Ring til {department} ({phone}) om medicin indtil {end}.</translation>
    </message>
    <message>
        <source>it was not an admission</source>
        <translation>det var ikke en indlæggelse</translation>
    </message>
    <message>
        <source>the admission was psychiatric</source>
        <translation>indlæggelsen var psykiatrisk</translation>
    </message>
    <message>
        <source>not discharged to municipal nursing</source>
        <translation>ikke udskrevet til kommunal sygepleje</translation>
    </message>
    <message numerus="yes">
        <source>the stay was shorter than 24 hours (%n hour(s))</source>
        <translation>
            <numerusform>opholdet var kortere end 24 timer (%n time)</numerusform>
            <numerusform>opholdet var kortere end 24 timer (%n timer)</numerusform>
        </translation>
    </message>
    <message>
        <source>The 72 hours do not apply:</source>
        <translation>De 72 timer gælder ikke:</translation>
    </message>
    <message>
        <source>Call the GP with questions about medicine.</source>
        <translation>Ring til egen læge med spørgsmål om medicin.</translation>
    </message>
    <message>
        <source>Check the marked fields. Nothing has been saved.</source>
        <translation>Kontrollér de markerede felter. Der er ikke gemt noget.</translation>
    </message>
    <message>
        <source>Someone else registered the discharge {when}. Check it and save again, or cancel.</source>
        <translation>En anden har registreret udskrivelsen {when}. Kontrollér den og gem igen, eller annullér.</translation>
    </message>
</context>
<context>
    <name>DoseField</name>
    <message>
        <source>New dose, morning+noon+evening+night</source>
        <translation>Ny dosis, morgen+middag+aften+nat</translation>
    </message>
    <message>
        <source>Morning+noon+evening+night, e.g. 1+0+½+0. Weekdays and clock times too: man,ons,fre: 1+0+0+0 or 1+0+1+0 14:00=1</source>
        <translation>Morgen+middag+aften+nat, fx 1+0+½+0. Også ugedage og klokkeslæt: man,ons,fre: 1+0+0+0 eller 1+0+1+0 14:00=1</translation>
    </message>
    <message>
        <source>Dose {slot}</source>
        <translation>Dosis {slot}</translation>
    </message>
    <message>
        <source>Enter the dose, e.g. 1+0+1+0.</source>
        <translation>Skriv dosis, fx 1+0+1+0.</translation>
    </message>
    <message>
        <source>The new dose is the same as the current one ({dose}).</source>
        <translation>Den nye dosis er den samme som den nuværende ({dose}).</translation>
    </message>
</context>
<context>
    <name>DrugSearch</name>
    <message>
        <source>Trade name, substance or ATC code</source>
        <translation>Handelsnavn, indholdsstof eller ATC-kode</translation>
    </message>
    <message>
        <source>Search the catalogue</source>
        <translation>Søg i kataloget</translation>
    </message>
    <message>
        <source>Drugs found</source>
        <translation>Fundne lægemidler</translation>
    </message>
    <message>
        <source>cannot be dose dispensed</source>
        <translation>kan ikke dosisdispenseres</translation>
    </message>
    <message>
        <source>No drug matches</source>
        <translation>Intet lægemiddel passer</translation>
    </message>
    <message>
        <source>Chosen: {drug} ({substance}, {atc})</source>
        <translation>Valgt: {drug} ({substance}, {atc})</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <source>Extend the 72-hour window</source>
        <translation>Forlæng 72-timers vinduet</translation>
    </message>
    <message>
        <source>Now ends:</source>
        <translation>Slutter nu:</translation>
    </message>
    <message>
        <source>New end</source>
        <translation>Ny slut</translation>
    </message>
    <message>
        <source>&amp;New end:</source>
        <translation>&amp;Ny slut:</translation>
    </message>
    <message>
        <source>The new end must be later than the current one.</source>
        <translation>Den nye slut skal ligge senere end den nuværende.</translation>
    </message>
</context>
<context>
    <name>FiguresTab</name>
    <message>
        <source>Figures for</source>
        <translation>Nøgletal for</translation>
    </message>
    <message>
        <source>The municipality</source>
        <translation>Kommunen</translation>
    </message>
    <message>
        <source>&amp;Recompute</source>
        <translation>Beregn &amp;igen</translation>
    </message>
    <message>
        <source>Export fi&amp;gures…</source>
        <translation>Eksportér &amp;nøgletal …</translation>
    </message>
    <message>
        <source>Export the &amp;queue…</source>
        <translation>Eksportér &amp;køen …</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>ikke angivet</translation>
    </message>
    <message>
        <source>Target for citizens on dose dispensing</source>
        <translation>Mål for borgere på dosisdispensering</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Gem</translation>
    </message>
    <message>
        <source>Share of the target reached</source>
        <translation>Andel af målet nået</translation>
    </message>
    <message>
        <source>Citizens aged 75+ in the municipality</source>
        <translation>Borgere på 75+ i kommunen</translation>
    </message>
    <message>
        <source>Citizens on dose dispensing</source>
        <translation>Borgere på dosisdispensering</translation>
    </message>
    <message>
        <source>Now:</source>
        <translation>Nu:</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>&amp;Mål:</translation>
    </message>
    <message>
        <source>Aged 75+:</source>
        <translation>75 år og derover:</translation>
    </message>
    <message>
        <source>75+ share of these:</source>
        <translation>Andel 75+ af disse:</translation>
    </message>
    <message>
        <source>75+ in the &amp;municipality:</source>
        <translation>75+ i k&amp;ommunen:</translation>
    </message>
    <message>
        <source>Of these on DD:</source>
        <translation>Heraf på DD:</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Citizens</source>
        <translation>Borgere</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Antal</translation>
    </message>
    <message>
        <source>Week starting</source>
        <translation>Uge fra</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Ingen data</translation>
    </message>
    <message>
        <source>set the number above</source>
        <translation>angiv tallet ovenfor</translation>
    </message>
    <message>
        <source>On dose dispensing: a dose card and at least one line in force today that is not discontinued. Aged 75+: on today&apos;s date, from the birth date.</source>
        <translation>På dosisdispensering: et dosiskort og mindst én linje i kraft i dag, der ikke er seponeret. 75+: på dagens dato, ud fra fødselsdatoen.</translation>
    </message>
    <message>
        <source>Figures per team</source>
        <translation>Nøgletal pr. team</translation>
    </message>
    <message>
        <source>Citizens on dose dispensing per team</source>
        <translation>Borgere på dosisdispensering pr. team</translation>
    </message>
    <message>
        <source>On dose dispensing</source>
        <translation>På dosisdispensering</translation>
    </message>
    <message>
        <source>Aged 75+</source>
        <translation>75 år og derover</translation>
    </message>
    <message>
        <source>Share of acute changes, per two weeks</source>
        <translation>Andel akutte ændringer pr. 14 dage</translation>
    </message>
    <message>
        <source>Acute share (%)</source>
        <translation>Akut andel (%)</translation>
    </message>
    <message>
        <source>ISO weeks</source>
        <translation>ISO-uger</translation>
    </message>
    <message>
        <source>Missed deadlines, per two weeks</source>
        <translation>Overskredne frister pr. 14 dage</translation>
    </message>
    <message>
        <source>Missed deadlines</source>
        <translation>Overskredne frister</translation>
    </message>
    <message>
        <source>Open double prescriptions, weekly</source>
        <translation>Åbne dobbeltordinationer pr. uge</translation>
    </message>
    <message>
        <source>Figures f&amp;or:</source>
        <translation>N&amp;øgletal for:</translation>
    </message>
    <message>
        <source>Computing the figures…</source>
        <translation>Beregner nøgletallene …</translation>
    </message>
    <message>
        <source>As of %1. Two-week windows are ISO week pairs; the last one is running.</source>
        <translation>Pr. %1. 14-dages perioder er par af ISO-uger; den sidste er i gang.</translation>
    </message>
    <message>
        <source>%1 of the target (%2 to go)</source>
        <translation>%1 af målet (%2 mangler)</translation>
    </message>
    <message>
        <source>no target set</source>
        <translation>intet mål angivet</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Citizens on dose dispensing per team (all: %1, target %2)</source>
        <translation>Borgere på dosisdispensering pr. team (alle: %1, mål %2)</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>ingen data</translation>
    </message>
    <message>
        <source>the municipality</source>
        <translation>kommunen</translation>
    </message>
    <message>
        <source>Share of acute changes, per two weeks: %1</source>
        <translation>Andel akutte ændringer pr. 14 dage: %1</translation>
    </message>
    <message>
        <source>Missed deadlines, per two weeks: %1</source>
        <translation>Overskredne frister pr. 14 dage: %1</translation>
    </message>
    <message>
        <source>Open double prescriptions, weekly: %1</source>
        <translation>Åbne dobbeltordinationer pr. uge: %1</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gemt</translation>
    </message>
    <message>
        <source>Export the figures</source>
        <translation>Eksportér nøgletallene</translation>
    </message>
    <message numerus="yes">
        <source>%n figure(s) exported to %1</source>
        <translation>
            <numerusform>%n nøgletal eksporteret til %1</numerusform>
            <numerusform>%n nøgletal eksporteret til %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirstDayField</name>
    <message>
        <source>The order starts on</source>
        <translation>Ordinationen starter</translation>
    </message>
    <message>
        <source>The order starts on a given day</source>
        <translation>Ordinationen starter en bestemt dag</translation>
    </message>
    <message>
        <source>A doctor&apos;s order that starts on a given day (e.g. a tapering scheme from 15 December): the change goes in the first roll that starts on or after it.</source>
        <translation>En ordination, der starter en bestemt dag (fx en nedtrapning fra 15. december): ændringen kommer i den første rulle, der starter den dag eller senere.</translation>
    </message>
    <message>
        <source>The order&apos;s first day</source>
        <translation>Ordinationens første dag</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to dosisdesk</source>
        <translation>Velkommen til dosisdesk</translation>
    </message>
    <message>
        <source>There is no database on this computer yet. The database will be created in:
%1</source>
        <translation>Der er endnu ingen database på denne computer. Databasen oprettes i:
%1</translation>
    </message>
    <message>
        <source>&amp;Demo data: a fictitious municipality to try the program</source>
        <translation>&amp;Demodata: en opdigtet kommune til at prøve programmet</translation>
    </message>
    <message>
        <source> citizens</source>
        <translation> borgere</translation>
    </message>
    <message>
        <source>Number of demo citizens</source>
        <translation>Antal demoborgere</translation>
    </message>
    <message>
        <source>&amp;Empty database (a new installation)</source>
        <translation>&amp;Tom database (en ny installation)</translation>
    </message>
    <message>
        <source>S&amp;hared PostgreSQL database on a server:</source>
        <translation>&amp;Fælles PostgreSQL-database på en server:</translation>
    </message>
    <message>
        <source>PostgreSQL address</source>
        <translation>PostgreSQL-adresse</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afslut</translation>
    </message>
    <message>
        <source>Write the server&apos;s address as postgresql://user@server/database.</source>
        <translation>Skriv serverens adresse som postgresql://bruger@server/database.</translation>
    </message>
</context>
<context>
    <name>FlagsRenewalsTab</name>
    <message>
        <source>Double prescriptions</source>
        <translation>Dobbeltordinationer</translation>
    </message>
    <message>
        <source>Renewals</source>
        <translation>Fornyelser</translation>
    </message>
    <message>
        <source>Found by active substance (ATC level 5), never by trade name. High: the same substance in the roll and on an ordinary prescription. Review: with an as-needed line or two roll lines. Info: the same therapeutic group. The decision is clinical: talk to the GP.</source>
        <translation>Fundet ud fra indholdsstof (ATC niveau 5), aldrig ud fra handelsnavn. Høj: samme stof i rullen og på almindelig recept. Vurdér: med en PN-linje eller to linjer i rullen. Info: samme terapeutiske gruppe. Beslutningen er klinisk: tal med egen læge.</translation>
    </message>
    <message>
        <source>&amp;Write to the GP about it…</source>
        <translation>Skriv til &amp;lægen om det…</translation>
    </message>
    <message>
        <source>A correspondence message (MedCom) to the GP naming both lines</source>
        <translation>En korrespondancemeddelelse (MedCom) til egen læge med begge ordinationer</translation>
    </message>
    <message>
        <source>Write to the GP about the re&amp;jection…</source>
        <translation>Skriv til lægen om &amp;afvisningen…</translation>
    </message>
    <message>
        <source>Double prescriptions (%1)</source>
        <translation>Dobbeltordinationer (%1)</translation>
    </message>
    <message>
        <source>Renewals due within 28 days (%1)</source>
        <translation>Fornyelser inden for 28 dage (%1)</translation>
    </message>
</context>
<context>
    <name>FlagsTab</name>
    <message>
        <source>Severity</source>
        <translation>Alvor</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>Alle grader</translation>
    </message>
    <message>
        <source>Show &amp;acknowledged</source>
        <translation>Vis &amp;kvitterede</translation>
    </message>
    <message>
        <source>Double prescriptions</source>
        <translation>Dobbeltordinationer</translation>
    </message>
    <message>
        <source>Line A</source>
        <translation>Linje A</translation>
    </message>
    <message>
        <source>Line B</source>
        <translation>Linje B</translation>
    </message>
    <message>
        <source>History of the flag</source>
        <translation>Markeringens historik</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historik</translation>
    </message>
    <message>
        <source>Acknowledge as &amp;intentional…</source>
        <translation>Kvittér som t&amp;ilsigtet …</translation>
    </message>
    <message>
        <source>Sent to the &amp;doctor…</source>
        <translation>&amp;Sendt til lægen …</translation>
    </message>
    <message>
        <source>&amp;Open card</source>
        <translation>&amp;Åbn kort</translation>
    </message>
    <message>
        <source>Write to the &amp;GP…</source>
        <translation>Skriv til &amp;lægen…</translation>
    </message>
    <message>
        <source>A correspondence message (MedCom) to the GP naming both lines</source>
        <translation>En korrespondancemeddelelse (MedCom) til egen læge med begge ordinationer</translation>
    </message>
    <message>
        <source>S&amp;everity:</source>
        <translation>&amp;Alvor:</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>Looking for double prescriptions…</source>
        <translation>Leder efter dobbeltordinationer …</translation>
    </message>
    <message numerus="yes">
        <source>%n flag(s):</source>
        <translation>
            <numerusform>%n markering:</numerusform>
            <numerusform>%n markeringer:</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a flag to see both lines side by side.</source>
        <translation>Vælg en markering for at se begge linjer side om side.</translation>
    </message>
    <message>
        <source>Acknowledged as intentional</source>
        <translation>Kvitteret som tilsigtet</translation>
    </message>
    <message>
        <source>Sent to the doctor</source>
        <translation>Sendt til lægen</translation>
    </message>
    <message>
        <source>Message sent</source>
        <translation>Besked sendt</translation>
    </message>
    <message>
        <source>Reply received</source>
        <translation>Svar modtaget</translation>
    </message>
    <message>
        <source>Not acknowledged or sent yet</source>
        <translation>Endnu ikke kvitteret eller sendt</translation>
    </message>
    <message>
        <source>Acknowledge as intentional</source>
        <translation>Kvittér som tilsigtet</translation>
    </message>
    <message>
        <source>Why is the double prescription of %1 and %2 intentional? The acknowledgement lapses when either line changes.</source>
        <translation>Hvorfor er dobbeltordinationen af %1 og %2 tilsigtet? Kvitteringen bortfalder, når en af linjerne ændres.</translation>
    </message>
    <message>
        <source>What was sent, and to whom?</source>
        <translation>Hvad blev sendt, og til hvem?</translation>
    </message>
    <message>
        <source>%1 and %2 for %3</source>
        <translation>%1 og %2 for %3</translation>
    </message>
    <message>
        <source>Acknowledged as intentional: %1</source>
        <translation>Kvitteret som bevidst: %1</translation>
    </message>
    <message>
        <source>Marked as sent to the doctor: %1</source>
        <translation>Markeret som sendt til lægen: %1</translation>
    </message>
    <message>
        <source>The double prescription is open again: %1</source>
        <translation>Dobbeltordinationen er åben igen: %1</translation>
    </message>
</context>
<context>
    <name>FmkDeskTab</name>
    <message>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <source>CPR</source>
        <translation>CPR</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>Forskelle</translation>
    </message>
    <message>
        <source>Oldest difference</source>
        <translation>Ældste forskel</translation>
    </message>
    <message>
        <source>FMK last read</source>
        <translation>FMK sidst indlæst</translation>
    </message>
    <message>
        <source>FMK version</source>
        <translation>FMK-version</translation>
    </message>
    <message>
        <source>Citizens whose FMK card differs</source>
        <translation>Borgere hvis FMK-kort afviger</translation>
    </message>
    <message>
        <source>Read the FMK &amp;inbox now</source>
        <translation>Læs FMK-&amp;indbakken nu</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>Citizens whose FMK card differs, oldest first. Enter opens the citizen&apos;s card; the differences are on its FMK tab.</source>
        <translation>Borgere hvis FMK-kort afviger, ældste først. Enter åbner borgerens kort; forskellene står på fanen FMK.</translation>
    </message>
    <message>
        <source>Inbox: %1</source>
        <translation>Indbakke: %1</translation>
    </message>
    <message>
        <source>No FMK inbox is set up (Citizen → FMK inbox folder…).</source>
        <translation>Der er ingen FMK-indbakke (Borger → FMK-indbakke…).</translation>
    </message>
    <message>
        <source>FMK inbox: %1 read, %2 waiting for a citizen, %3 could not be read</source>
        <translation>FMK-indbakke: %1 indlæst, %2 venter på en borger, %3 kunne ikke læses</translation>
    </message>
    <message>
        <source>FMK inbox</source>
        <translation>FMK-indbakke</translation>
    </message>
</context>
<context>
    <name>FmkReader</name>
    <message>
        <source>Read FMK card</source>
        <translation>Indlæs FMK-kort</translation>
    </message>
    <message>
        <source>FMK responses (*.xml)</source>
        <translation>Svar fra FMK (*.xml)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle filer (*)</translation>
    </message>
    <message>
        <source>%1: %2 differences between FMK and dosisdesk. See the FMK tab.</source>
        <translation>%1: %2 forskelle mellem FMK og dosisdesk. Se fanen FMK.</translation>
    </message>
    <message>
        <source>%1: the card matches FMK.</source>
        <translation>%1: kortet svarer til FMK.</translation>
    </message>
    <message>
        <source>FMK card read</source>
        <translation>FMK-kort indlæst</translation>
    </message>
</context>
<context>
    <name>FmkTab</name>
    <message>
        <source>Differences between FMK and dosisdesk</source>
        <translation>Forskelle mellem FMK og dosisdesk</translation>
    </message>
    <message>
        <source>&amp;Accept into the queue</source>
        <translation>&amp;Godkend til køen</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>&amp;Afvis…</translation>
    </message>
    <message>
        <source>&amp;Read FMK card from file…</source>
        <translation>Ind&amp;læs FMK-kort fra fil…</translation>
    </message>
    <message>
        <source>The FMK card has not been read for this citizen. Read it with Citizen → Read FMK card… or drop the file on the window.</source>
        <translation>Borgerens FMK-kort er ikke indlæst. Indlæs det med Borger → Indlæs FMK-kort… eller træk filen ind på vinduet.</translation>
    </message>
    <message>
        <source>FMK read %1 by %2, FMK version %3.</source>
        <translation>FMK indlæst %1 af %2, FMK-version %3.</translation>
    </message>
    <message>
        <source>%1 private-marked entries are not shown.</source>
        <translation>%1 privatmarkerede ordinationer vises ikke.</translation>
    </message>
    <message>
        <source>An accepted change lands in the roll from %1 (deadline %2).</source>
        <translation>En godkendt ændring lander i rullen fra %1 (frist %2).</translation>
    </message>
    <message>
        <source>No differences: the card matches FMK.</source>
        <translation>Ingen forskelle: kortet svarer til FMK.</translation>
    </message>
    <message>
        <source>FMK</source>
        <translation>FMK</translation>
    </message>
    <message>
        <source>Accepted: %1 is registered as a change for the coming roll.</source>
        <translation>Godkendt: %1 er registreret som en ændring til den kommende rulle.</translation>
    </message>
    <message>
        <source>The proposal is rejected.</source>
        <translation>Forslaget er afvist.</translation>
    </message>
</context>
<context>
    <name>GlassReviewDialog</name>
    <message>
        <source>Emergency accesses to review</source>
        <translation>Nødadgange til gennemsyn</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Tidspunkt</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Bruger</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>Borger</translation>
    </message>
    <message>
        <source>CPR</source>
        <translation>CPR</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begrundelse</translation>
    </message>
    <message>
        <source>Emergency accesses</source>
        <translation>Nødadgange</translation>
    </message>
    <message>
        <source>No emergency accesses to review.</source>
        <translation>Ingen nødadgange at gennemse.</translation>
    </message>
    <message>
        <source>&amp;Mark as reviewed</source>
        <translation>&amp;Markér som gennemset</translation>
    </message>
</context>
<context>
    <name>HandoverPrintDialog</name>
    <message>
        <source>Print handover</source>
        <translation>Udskriv overlevering</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Dato</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Vagt</translation>
    </message>
    <message>
        <source>Day 07–15</source>
        <translation>Dag 07–15</translation>
    </message>
    <message>
        <source>Evening 15–23</source>
        <translation>Aften 15–23</translation>
    </message>
    <message>
        <source>Night 23–07</source>
        <translation>Nat 23–07</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Dato:</translation>
    </message>
    <message>
        <source>&amp;Shift:</source>
        <translation>&amp;Vagt:</translation>
    </message>
    <message>
        <source>Short &amp;list at the end (renewals in 8–28 days, info)</source>
        <translation>Kort &amp;liste til sidst (fornyelser om 8–28 dage, orientering)</translation>
    </message>
    <message>
        <source>On the day sheet: renewals due in more than 7 days and double prescriptions for information, one line each after everything to act on.</source>
        <translation>På dagvagtens ark: fornyelser om mere end 7 dage og dobbeltordinationer til orientering, én linje hver efter alt det, der skal handles på.</translation>
    </message>
    <message>
        <source>Every citizen of the team with something to act on in the shift, most urgent first, then by route. CPR numbers are masked; private-marked ordinations are never printed. The print is logged for each citizen on it.</source>
        <translation>Alle borgere i teamet med noget at handle på i vagten, det mest hastende først, derefter efter rute. CPR-numre er maskeret; privatmarkerede ordinationer udskrives aldrig. Udskriften logges for hver borger på den.</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Help</source>
        <translation>Hjælp</translation>
    </message>
</context>
<context>
    <name>HospitalTab</name>
    <message>
        <source>Admitted now</source>
        <translation>Indlagt nu</translation>
    </message>
    <message>
        <source>Open 72-hour windows, ending soonest first</source>
        <translation>Åbne 72-timers vinduer, dem der slutter først øverst</translation>
    </message>
    <message>
        <source>Discharges whose checklist is not done</source>
        <translation>Udskrivelser, hvis tjekliste ikke er færdig</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>%1 (the first %2 shown; there may be more: choose a team)</source>
        <translation>%1 (de første %2 vises; der kan være flere: vælg et team)</translation>
    </message>
</context>
<context>
    <name>LandingText</name>
    <message>
        <source>No roll takes the change from that day: choose another first day.</source>
        <translation>Ingen rulle kan tage ændringen fra den dag: vælg en anden første dag.</translation>
    </message>
    <message>
        <source>Finding the roll for the first day…</source>
        <translation>Finder rullen til den første dag …</translation>
    </message>
    <message>
        <source>Takes effect in the roll from &lt;b&gt;{day}&lt;/b&gt; (deadline {deadline}).</source>
        <translation>Træder i kraft i rullen fra &lt;b&gt;{day}&lt;/b&gt; (frist {deadline}).</translation>
    </message>
    <message>
        <source>The order starts {day}; the roll {first} – {last}.</source>
        <translation>Ordinationen starter {day}; rullen {first} – {last}.</translation>
    </message>
    <message>
        <source>From {first} to {last} the order is in force before its roll: handle the bags of those days or give the medicine by hand (manual dispensing).</source>
        <translation>Fra {first} til {last} gælder ordinationen, før dens rulle starter: håndtér poserne de dage, eller giv medicinen manuelt (manuel dispensering).</translation>
    </message>
    <message>
        <source>First bag with the change: {day}, {slot}.</source>
        <translation>Første pose med ændringen: {day}, {slot}.</translation>
    </message>
    <message numerus="yes">
        <source>The deadline is in %n hour(s).</source>
        <translation>
            <numerusform>Fristen er om %n time.</numerusform>
            <numerusform>Fristen er om %n timer.</numerusform>
        </translation>
    </message>
    <message>
        <source>Takes effect &lt;b&gt;today&lt;/b&gt;, {today}.</source>
        <translation>Træder i kraft &lt;b&gt;i dag&lt;/b&gt;, {today}.</translation>
    </message>
    <message>
        <source>The follow-up change puts it in the roll from &lt;b&gt;{day}&lt;/b&gt; (deadline {deadline}).</source>
        <translation>Opfølgningsændringen lægger den i rullen fra &lt;b&gt;{day}&lt;/b&gt; (frist {deadline}).</translation>
    </message>
    <message>
        <source>Give from an ordinary pack until {day}.</source>
        <translation>Giv fra almindelig pakning indtil {day}.</translation>
    </message>
    <message>
        <source>The line is not in the roll: no follow-up is needed.</source>
        <translation>Linjen er ikke i rullen: der er ikke brug for en opfølgning.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Citizens</source>
        <translation>Bo&amp;rgere</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>Arbejdsområder</translation>
    </message>
    <message>
        <source>Locked. Sign in again to go on.</source>
        <translation>Låst. Log ind igen for at fortsætte.</translation>
    </message>
    <message>
        <source>Dose cards</source>
        <translation>Dosiskort</translation>
    </message>
    <message>
        <source>&amp;New change…</source>
        <translation>&amp;Ny ændring …</translation>
    </message>
    <message>
        <source>Register a change the doctor made</source>
        <translation>Registrér en ændring, lægen har lavet</translation>
    </message>
    <message>
        <source>&amp;Acute change…</source>
        <translation>&amp;Akut ændring …</translation>
    </message>
    <message>
        <source>Register a change that cannot wait for the next roll</source>
        <translation>Registrér en ændring, der ikke kan vente til næste rulle</translation>
    </message>
    <message>
        <source>&amp;Hospital contact…</source>
        <translation>S&amp;ygehuskontakt …</translation>
    </message>
    <message>
        <source>Register an admission or outpatient contact</source>
        <translation>Registrér en indlæggelse eller ambulant kontakt</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Genindlæs</translation>
    </message>
    <message>
        <source>&amp;Find citizen</source>
        <translation>&amp;Find borger</translation>
    </message>
    <message>
        <source>&amp;Switch user…</source>
        <translation>&amp;Skift bruger …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afslut</translation>
    </message>
    <message>
        <source>&amp;About dosisdesk</source>
        <translation>&amp;Om dosisdesk</translation>
    </message>
    <message>
        <source>Read &amp;FMK card…</source>
        <translation>Indlæs &amp;FMK-kort…</translation>
    </message>
    <message>
        <source>Read the citizen&apos;s medicine card from an FMK file and see what differs (you can also drop the file on the window)</source>
        <translation>Indlæs borgerens medicinkort fra en FMK-fil og se, hvad der afviger (du kan også trække filen ind på vinduet)</translation>
    </message>
    <message>
        <source>FMK &amp;inbox folder…</source>
        <translation>FMK-&amp;indbakke…</translation>
    </message>
    <message>
        <source>The folder the municipality&apos;s integration fills with FMK responses</source>
        <translation>Mappen, som kommunens integration lægger svar fra FMK i</translation>
    </message>
    <message>
        <source>The rules in plain words, and the shortcuts</source>
        <translation>Reglerne med almindelige ord, og genvejene</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>Stø&amp;rre tekst</translation>
    </message>
    <message>
        <source>S&amp;maller text</source>
        <translation>&amp;Mindre tekst</translation>
    </message>
    <message>
        <source>&amp;Normal text size</source>
        <translation>&amp;Normal tekststørrelse</translation>
    </message>
    <message>
        <source>Citi&amp;zens</source>
        <translation>Bor&amp;gere</translation>
    </message>
    <message>
        <source>Coordinator&apos;s &amp;desk</source>
        <translation>&amp;Koordinatorens skrivebord</translation>
    </message>
    <message>
        <source>The change queue across all citizens, flags, renewals and figures</source>
        <translation>Ændringskøen på tværs af borgere, dobbeltordinationer, fornyelser og nøgletal</translation>
    </message>
    <message>
        <source>Print &amp;handover…</source>
        <translation>Udskriv &amp;overlevering…</translation>
    </message>
    <message>
        <source>Print the handover summary of a team for the next shift</source>
        <translation>Udskriv teamets overlevering til næste vagt</translation>
    </message>
    <message>
        <source>Print &amp;medicine list…</source>
        <translation>Udskriv &amp;medicinliste…</translation>
    </message>
    <message>
        <source>Print the citizen&apos;s medicine list for the dose folder</source>
        <translation>Udskriv borgerens medicinliste til dosismappen</translation>
    </message>
    <message>
        <source>&amp;Emergency access to a citizen…</source>
        <translation>&amp;Nødadgang til borger…</translation>
    </message>
    <message>
        <source>Open a citizen outside your team when you cover for another team (with a reason; logged)</source>
        <translation>Åbn en borger uden for dit team, når du dækker for et andet team (med begrundelse; logges)</translation>
    </message>
    <message>
        <source>&amp;Emergency accesses to review…</source>
        <translation>Nødadgange til &amp;gennemsyn…</translation>
    </message>
    <message>
        <source>The citizen&apos;s &amp;log…</source>
        <translation>Borgerens &amp;log…</translation>
    </message>
    <message>
        <source>Every access to the citizen: who, role, when, what (for an insight request)</source>
        <translation>Alle adgange til borgeren: hvem, rolle, hvornår, hvad (til en anmodning om indsigt)</translation>
    </message>
    <message>
        <source>Reload (F5)</source>
        <translation>Genindlæs (F5)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Værktøjslinje</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Filer</translation>
    </message>
    <message>
        <source>&amp;Citizen</source>
        <translation>&amp;Borger</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Vis</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjælp</translation>
    </message>
    <message>
        <source>Signed-in user</source>
        <translation>Bruger</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>This database holds generated demo data, not real citizens.</source>
        <translation>Databasen indeholder genererede demodata, ikke rigtige borgere.</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Ikke logget ind</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Åbner databasen …</translation>
    </message>
    <message>
        <source>TRAINING</source>
        <translation>ØVELSE</translation>
    </message>
    <message>
        <source>A training database: for teaching, demonstrations and tests, never real citizens.</source>
        <translation>En øvelsesdatabase: til undervisning, demonstration og test, aldrig rigtige borgere.</translation>
    </message>
    <message>
        <source>%1 (%2) · %3</source>
        <translation>%1 (%2) · %3</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Låst</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Arbejder …</translation>
    </message>
    <message>
        <source>FMK inbox folder</source>
        <translation>FMK-indbakke</translation>
    </message>
    <message>
        <source>Text size %1 %</source>
        <translation>Tekststørrelse %1 %</translation>
    </message>
    <message>
        <source>About dosisdesk</source>
        <translation>Om dosisdesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;dosisdesk&lt;/b&gt; %1&lt;br&gt;Dose-dispensing cards, change queues and hospital contacts for municipal home care.</source>
        <translation>&lt;b&gt;dosisdesk&lt;/b&gt; %1&lt;br&gt;Dosiskort, ændringskøer og sygehuskontakter til kommunal hjemmepleje.</translation>
    </message>
    <message>
        <source>Choose a citizen</source>
        <translation>Vælg en borger</translation>
    </message>
    <message>
        <source>Choose a citizen in the list first.</source>
        <translation>Vælg først en borger i listen.</translation>
    </message>
</context>
<context>
    <name>MedlistPrintDialog</name>
    <message>
        <source>Print medicine list</source>
        <translation>Udskriv medicinliste</translation>
    </message>
    <message>
        <source>The medicine list of the citizen %1: the card today and as the next roll will be, with the coming changes. Private-marked ordinations are never printed. The print is logged.</source>
        <translation>Medicinlisten for borgeren %1: kortet i dag og som næste rulle bliver, med de kommende ændringer. Privatmarkerede ordinationer udskrives aldrig. Udskriften logges.</translation>
    </message>
</context>
<context>
    <name>PageProgress</name>
    <message>
        <source>Cancel</source>
        <translation>Annullér</translation>
    </message>
    <message>
        <source>Making the pages…</source>
        <translation>Laver siderne …</translation>
    </message>
</context>
<context>
    <name>PeriodStrip</name>
    <message>
        <source>Rolls</source>
        <translation>Ruller</translation>
    </message>
    <message>
        <source>Today: %1</source>
        <translation>I dag: %1</translation>
    </message>
    <message>
        <source>Current roll</source>
        <translation>Nuværende rulle</translation>
    </message>
    <message>
        <source>Next roll</source>
        <translation>Næste rulle</translation>
    </message>
    <message>
        <source>The roll after</source>
        <translation>Rullen efter</translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n dag</numerusform>
            <numerusform>%n dage</numerusform>
        </translation>
    </message>
    <message>
        <source>deadline %1</source>
        <translation>frist %1</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>om %1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n ændring</numerusform>
            <numerusform>%n ændringer</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeriodsTab</name>
    <message>
        <source>Packing group</source>
        <translation>Pakkegruppe</translation>
    </message>
    <message>
        <source>Coming periods</source>
        <translation>Kommende perioder</translation>
    </message>
    <message>
        <source>New length in days</source>
        <translation>Ny længde i dage</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dage</translation>
    </message>
    <message>
        <source>New last day</source>
        <translation>Ny sidste dag</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Why, e.g. Christmas (shown on the card)</source>
        <translation>Hvorfor, fx jul (vises på kortet)</translation>
    </message>
    <message>
        <source>Show &amp;what moves</source>
        <translation>Vi&amp;s hvad der flyttes</translation>
    </message>
    <message>
        <source>Lists the open changes the stretch would move; nothing is stored</source>
        <translation>Viser de åbne ændringer, forlængelsen vil flytte; intet gemmes</translation>
    </message>
    <message>
        <source>St&amp;retch the period</source>
        <translation>Fo&amp;rlæng perioden</translation>
    </message>
    <message>
        <source>Stretch a period</source>
        <translation>Forlæng en periode</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Periode:</translation>
    </message>
    <message>
        <source>last day</source>
        <translation>sidste dag</translation>
    </message>
    <message>
        <source>New &amp;length:</source>
        <translation>&amp;Antal dage:</translation>
    </message>
    <message>
        <source>No&amp;te:</source>
        <translation>Not&amp;e:</translation>
    </message>
    <message>
        <source>What the stretch moves</source>
        <translation>Hvad forlængelsen flytter</translation>
    </message>
    <message>
        <source>Open changes the stretch moves</source>
        <translation>Åbne ændringer, som forlængelsen flytter</translation>
    </message>
    <message>
        <source>Packing &amp;group:</source>
        <translation>Pakke&amp;gruppe:</translation>
    </message>
    <message>
        <source>Stretching a period is for medicine coordinators.</source>
        <translation>Kun medicinkoordinatorer kan forlænge en periode.</translation>
    </message>
    <message>
        <source>Choose a period in the list.</source>
        <translation>Vælg en periode i listen.</translation>
    </message>
    <message>
        <source>{span} ({days} days, deadline {deadline})</source>
        <translation>{span} ({days} dage, frist {deadline})</translation>
    </message>
    <message>
        <source>The form has changed: show what moves again before stretching.</source>
        <translation>Formularen er ændret: vis igen, hvad der flyttes, før perioden forlænges.</translation>
    </message>
    <message>
        <source>Preview: nothing is stored yet.</source>
        <translation>Forhåndsvisning: intet er gemt endnu.</translation>
    </message>
    <message>
        <source>The period is stretched.</source>
        <translation>Perioden er forlænget.</translation>
    </message>
    <message>
        <source>%1 open change(s) change roll or first day; %2 move to a later first day, %3 with days that may need manual dispensing.</source>
        <translation>%1 åbne ændring(er) skifter rulle eller første dag; %2 flyttes til en senere første dag, %3 med dage, der kan kræve manuel dispensering.</translation>
    </message>
    <message>
        <source>No open change changes roll or first day.</source>
        <translation>Ingen åben ændring skifter rulle eller første dag.</translation>
    </message>
    <message>
        <source>Check the list, then stretch the period.</source>
        <translation>Gennemgå listen, og forlæng så perioden.</translation>
    </message>
    <message>
        <source>The cards, the queue and the handover show the new days.</source>
        <translation>Kortene, køen og overlevering viser de nye dage.</translation>
    </message>
    <message>
        <source>Period stretched: %1 open change(s) moved</source>
        <translation>Perioden er forlænget: %1 åbne ændring(er) flyttet</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Citizen</source>
        <translation>Borger</translation>
    </message>
    <message>
        <source>CPR</source>
        <translation>CPR</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Ændring</translation>
    </message>
    <message>
        <source>Drug and dosage</source>
        <translation>Lægemiddel og dosering</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Acute</source>
        <translation>Akut</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Overskredet</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registreret</translation>
    </message>
    <message>
        <source>deadline %1 (in %2)</source>
        <translation>frist %1 (om %2)</translation>
    </message>
    <message>
        <source>deadline %1 passed: being packed</source>
        <translation>frist %1 passeret: pakkes nu</translation>
    </message>
    <message>
        <source>roll from %1</source>
        <translation>rulle fra %1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n ændring</numerusform>
            <numerusform>%n ændringer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to confirm</source>
        <translation>
            <numerusform>%n skal bekræftes</numerusform>
            <numerusform>%n skal bekræftes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missed a deadline</source>
        <translation>
            <numerusform>%n har overskredet en frist</numerusform>
            <numerusform>%n har overskredet en frist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acute</source>
        <translation>
            <numerusform>%n akut</numerusform>
            <numerusform>%n akutte</numerusform>
        </translation>
    </message>
    <message>
        <source>Wanted from %1: handle the bags or dispense by hand %1–%2</source>
        <translation>Ordineret fra %1: håndtér poserne eller dispensér manuelt %1–%2</translation>
    </message>
    <message numerus="yes">
        <source>Not confirmed before %n earlier deadline(s)</source>
        <translation>
            <numerusform>Ikke bekræftet før %n tidligere frist</numerusform>
            <numerusform>Ikke bekræftet før %n tidligere frister</numerusform>
        </translation>
    </message>
    <message>
        <source>Deadline within 24 hours: confirm now</source>
        <translation>Frist inden for 24 timer: bekræft nu</translation>
    </message>
    <message>
        <source>The deadline is within 24 hours</source>
        <translation>Fristen er inden for 24 timer</translation>
    </message>
    <message>
        <source>acute</source>
        <translation>akut</translation>
    </message>
    <message>
        <source>wanted from %1</source>
        <translation>ordineret fra %1</translation>
    </message>
</context>
<context>
    <name>QueueTab</name>
    <message>
        <source>Pharmacy</source>
        <translation>Apotek</translation>
    </message>
    <message>
        <source>All pharmacies</source>
        <translation>Alle apoteker</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>To do (not locked)</source>
        <translation>Skal gøres (ikke låst)</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>Alle åbne</translation>
    </message>
    <message>
        <source>Acute</source>
        <translation>Akut</translation>
    </message>
    <message>
        <source>Acute and planned</source>
        <translation>Akutte og planlagte</translation>
    </message>
    <message>
        <source>Acute only</source>
        <translation>Kun akutte</translation>
    </message>
    <message>
        <source>Planned only</source>
        <translation>Kun planlagte</translation>
    </message>
    <message>
        <source>&amp;Missed deadlines only</source>
        <translation>Kun &amp;overskredne frister</translation>
    </message>
    <message>
        <source>Registered by</source>
        <translation>Registreret af</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Name or CPR</source>
        <translation>Navn eller CPR</translation>
    </message>
    <message>
        <source>Search the queue</source>
        <translation>Søg i køen</translation>
    </message>
    <message>
        <source>Change queue</source>
        <translation>Ændringskø</translation>
    </message>
    <message>
        <source>Co&amp;nfirm selected</source>
        <translation>Be&amp;kræft valgte</translation>
    </message>
    <message>
        <source>Checked in FMK / sent to the doctor or pharmacy (Ctrl+Enter)</source>
        <translation>Tjekket i FMK / sendt til læge eller apotek (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>C&amp;ancel change…</source>
        <translation>A&amp;nnullér ændring …</translation>
    </message>
    <message>
        <source>&amp;Open card</source>
        <translation>&amp;Åbn kort</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Eksportér …</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>&amp;Pharmacy:</source>
        <translation>&amp;Apotek:</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>Ac&amp;ute:</source>
        <translation>Ak&amp;ut:</translation>
    </message>
    <message>
        <source>&amp;Registered by:</source>
        <translation>&amp;Registreret af:</translation>
    </message>
    <message>
        <source>Fin&amp;d:</source>
        <translation>Fin&amp;d:</translation>
    </message>
    <message>
        <source>Confirm selected</source>
        <translation>Bekræft valgte</translation>
    </message>
    <message>
        <source>%1 of %2 changes shown, in %3 group(s)</source>
        <translation>%1 af %2 ændringer vist, i %3 gruppe(r)</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) confirmed: %1</source>
        <translation>
            <numerusform>%n ændring bekræftet: %1</numerusform>
            <numerusform>%n ændringer bekræftet: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Change cancelled: %1</source>
        <translation>Ændring annulleret: %1</translation>
    </message>
    <message>
        <source>The change is back in the queue: %1</source>
        <translation>Ændringen er tilbage i køen: %1</translation>
    </message>
    <message numerus="yes">
        <source>(%n already confirmed or locked)</source>
        <translation>
            <numerusform>(%n allerede bekræftet eller låst)</numerusform>
            <numerusform>(%n allerede bekræftet eller låst)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) registered again, not confirmed: %1</source>
        <translation>
            <numerusform>%n ændring er registreret igen, ikke bekræftet: %1</numerusform>
            <numerusform>%n ændringer er registreret igen, ikke bekræftet: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel change</source>
        <translation>Annullér ændring</translation>
    </message>
    <message>
        <source>Why is the change to %1 for %2 cancelled?</source>
        <translation>Hvorfor annulleres ændringen af %1 for %2?</translation>
    </message>
    <message>
        <source>Export the queue</source>
        <translation>Eksportér køen</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) exported to %1</source>
        <translation>
            <numerusform>%n ændring eksporteret til %1</numerusform>
            <numerusform>%n ændringer eksporteret til %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason</source>
        <translation>Begrundelse</translation>
    </message>
    <message>
        <source>Holds until</source>
        <translation>Gælder til</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>Slutdato</translation>
    </message>
</context>
<context>
    <name>ReceivedField</name>
    <message>
        <source>Time received</source>
        <translation>Modtaget tidspunkt</translation>
    </message>
    <message>
        <source>The time received is in the future.</source>
        <translation>Modtagelsestidspunktet ligger i fremtiden.</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <source>Reject the FMK proposal</source>
        <translation>Afvis forslaget fra FMK</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begrundelse</translation>
    </message>
    <message>
        <source>Why is it rejected? (required)</source>
        <translation>Hvorfor afvises det? (påkrævet)</translation>
    </message>
</context>
<context>
    <name>RenewalsTab</name>
    <message>
        <source>Show</source>
        <translation>Vis</translation>
    </message>
    <message>
        <source>Due within 28 days</source>
        <translation>Skal fornyes inden for 28 dage</translation>
    </message>
    <message>
        <source>Request sent</source>
        <translation>Anmodning sendt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Afvist</translation>
    </message>
    <message>
        <source>Renewed</source>
        <translation>Fornyet</translation>
    </message>
    <message>
        <source>Renewals</source>
        <translation>Fornyelser</translation>
    </message>
    <message>
        <source>&amp;Send request</source>
        <translation>&amp;Send anmodning</translation>
    </message>
    <message>
        <source>Re&amp;newed</source>
        <translation>Forn&amp;yet</translation>
    </message>
    <message>
        <source>Rejection reason</source>
        <translation>Afvisningsårsag</translation>
    </message>
    <message>
        <source>Re&amp;jected</source>
        <translation>&amp;Afvist</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>Åbne opgaver</translation>
    </message>
    <message>
        <source>Task &amp;done</source>
        <translation>Opgave &amp;udført</translation>
    </message>
    <message>
        <source>Sho&amp;w:</source>
        <translation>V&amp;is:</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>Open tasks (rejected renewals)</source>
        <translation>Åbne opgaver (afviste fornyelser)</translation>
    </message>
    <message numerus="yes">
        <source>%n prescription(s)</source>
        <translation>
            <numerusform>%n recept</numerusform>
            <numerusform>%n recepter</numerusform>
        </translation>
    </message>
    <message>
        <source>no team</source>
        <translation>uden team</translation>
    </message>
    <message numerus="yes">
        <source>%n open task(s)</source>
        <translation>
            <numerusform>%n åben opgave</numerusform>
            <numerusform>%n åbne opgaver</numerusform>
        </translation>
    </message>
    <message>
        <source>Renewal requested for %1 prescription(s)</source>
        <translation>Fornyelse anmodet for %1 recept(er)</translation>
    </message>
    <message>
        <source>%1 recorded as renewed</source>
        <translation>%1 registreret som fornyet</translation>
    </message>
    <message>
        <source>%1 recorded as rejected; the team has a task</source>
        <translation>%1 registreret som afvist; teamet har fået en opgave</translation>
    </message>
    <message>
        <source>Task done</source>
        <translation>Opgave udført</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Screen locked</source>
        <translation>Skærmen er låst</translation>
    </message>
    <message>
        <source>Sign in to dosisdesk</source>
        <translation>Log ind i dosisdesk</translation>
    </message>
    <message>
        <source>The screen was locked after a time without use. Sign in again to go on; what you had typed is kept for you. Someone else may sign in instead (your open work is then closed).</source>
        <translation>Skærmen blev låst, fordi den ikke har været brugt et stykke tid. Log ind igen for at fortsætte; det, du havde skrevet, er gemt til dig. En anden kan logge ind i stedet (så lukkes dit åbne arbejde).</translation>
    </message>
    <message>
        <source>No one has a password in this database yet. Choose the administrator&apos;s password (at least 10 characters); then add the users and their passwords.</source>
        <translation>Ingen har endnu en adgangskode i denne database. Vælg administratorens adgangskode (mindst 10 tegn); opret derefter brugerne og deres adgangskoder.</translation>
    </message>
    <message>
        <source>Sign in with your user name. Everything you do is recorded in your name.</source>
        <translation>Log ind med dit brugernavn. Alt, hvad du gør, registreres i dit navn.</translation>
    </message>
    <message>
        <source>Sign in with your user name and password. Everything you do is recorded in your name.</source>
        <translation>Log ind med dit brugernavn og din adgangskode. Alt, hvad du gør, registreres i dit navn.</translation>
    </message>
    <message>
        <source>ØVELSE — a training database: no real citizens. A user name is enough here; no password is needed.</source>
        <translation>ØVELSE — en øvelsesdatabase: ingen rigtige borgere. Her er et brugernavn nok; der skal ikke bruges adgangskode.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Brugernavn</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Adgangskode</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>Gentag adgangskoden</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Brugernavn:</translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation>Ny &amp;adgangskode:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Adgangskode:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>&amp;Gentag den:</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Log ind</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>A&amp;fslut</translation>
    </message>
    <message>
        <source>TRAINING: sign in as a &amp;demo nurse (%1)</source>
        <translation>ØVELSE: log ind som &amp;demosygeplejerske (%1)</translation>
    </message>
    <message>
        <source>Write your user name.</source>
        <translation>Skriv dit brugernavn.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>De to adgangskoder er ikke ens.</translation>
    </message>
    <message>
        <source>Write your password.</source>
        <translation>Skriv din adgangskode.</translation>
    </message>
</context>
<context>
    <name>SourceField</name>
    <message>
        <source>Source of the change</source>
        <translation>Hvem ændringen kommer fra</translation>
    </message>
    <message>
        <source>GP or hospital department</source>
        <translation>Egen læge eller sygehusafdeling</translation>
    </message>
    <message>
        <source>GP {name}</source>
        <translation>Egen læge {name}</translation>
    </message>
    <message>
        <source>GP</source>
        <translation>Egen læge</translation>
    </message>
    <message>
        <source>Out-of-hours doctor</source>
        <translation>Lægevagt</translation>
    </message>
    <message>
        <source>Hospital department: </source>
        <translation>Sygehusafdeling: </translation>
    </message>
    <message>
        <source>Enter who made the change: the GP or the hospital department.</source>
        <translation>Skriv, hvem der har lavet ændringen: egen læge eller sygehusafdelingen.</translation>
    </message>
</context>
<context>
    <name>SupplyField</name>
    <message>
        <source>Supply</source>
        <translation>Forsyning</translation>
    </message>
    <message>
        <source>Choose a supply other than the current one.</source>
        <translation>Vælg en anden forsyning end den nuværende.</translation>
    </message>
    <message>
        <source>{drug} cannot be dose dispensed: choose an ordinary pack beside the roll or as needed.</source>
        <translation>{drug} kan ikke dosisdispenseres: vælg almindelig pakning ved siden af rullen eller efter behov.</translation>
    </message>
</context>
<context>
    <name>SupplyTab</name>
    <message>
        <source>Show &amp;ended</source>
        <translation>Vis &amp;afsluttede</translation>
    </message>
    <message>
        <source>Supply failures</source>
        <translation>Leveringssvigt</translation>
    </message>
    <message>
        <source>Citizens affected</source>
        <translation>Berørte borgere</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>No end date yet</source>
        <translation>Ingen slutdato endnu</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Fra</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&amp;Register supply failure</source>
        <translation>&amp;Registrér leveringssvigt</translation>
    </message>
    <message>
        <source>Register a product in supply failure</source>
        <translation>Registrér et produkt i leveringssvigt</translation>
    </message>
    <message>
        <source>&amp;Product:</source>
        <translation>&amp;Produkt:</translation>
    </message>
    <message>
        <source>Fro&amp;m – to:</source>
        <translation>Fra – t&amp;il:</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>N&amp;ote:</translation>
    </message>
    <message>
        <source>Products in supply failure</source>
        <translation>Produkter i leveringssvigt</translation>
    </message>
    <message>
        <source>Write to the &amp;GP…</source>
        <translation>Skriv til &amp;lægen…</translation>
    </message>
    <message>
        <source>A correspondence message (MedCom) to the selected citizen&apos;s GP about the supply failure</source>
        <translation>En korrespondancemeddelelse (MedCom) til den valgte borgers egen læge om leveringssvigtet</translation>
    </message>
    <message>
        <source>%1: %2 line(s) in the roll for %3 citizen(s); given beside the roll for %4.</source>
        <translation>%1: %2 linje(r) i rullen for %3 borger(e); gives ved siden af rullen for %4.</translation>
    </message>
    <message>
        <source>Supply failure registered: %1</source>
        <translation>Leveringssvigt registreret: %1</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>Gem (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Nothing has been saved. What you typed is still here.</source>
        <translation>Der er ikke gemt noget. Det, du har skrevet, er her stadig.</translation>
    </message>
    <message>
        <source>Discard what you typed?</source>
        <translation>Kassér det, du har skrevet?</translation>
    </message>
    <message>
        <source>What you typed is not saved. Close and discard it?</source>
        <translation>Det, du har skrevet, er ikke gemt. Vil du lukke og kassere det?</translation>
    </message>
</context>
<context>
    <name>_PrintDialog</name>
    <message>
        <source>Pre&amp;view…</source>
        <translation>V&amp;is udskrift …</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Udskriv …</translation>
    </message>
    <message>
        <source>Save as PD&amp;F…</source>
        <translation>&amp;Gem som PDF …</translation>
    </message>
    <message>
        <source>Show the pages before printing</source>
        <translation>Vis siderne før udskrivning</translation>
    </message>
    <message>
        <source>Print on a printer</source>
        <translation>Udskriv på en printer</translation>
    </message>
    <message>
        <source>Save the pages as a PDF file</source>
        <translation>Gem siderne som en PDF-fil</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Gem som PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-filer (*.pdf)</translation>
    </message>
    <message>
        <source>Collecting the data…</source>
        <translation>Samler data …</translation>
    </message>
    <message>
        <source>Preview: %1</source>
        <translation>Vis udskrift: %1</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Udskriv</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Udskriver …</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gemt</translation>
    </message>
    <message>
        <source>Saved %1 pages as %2.</source>
        <translation>Gemte %1 sider som %2.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>No database yet</source>
        <translation>Ingen database endnu</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Åbner databasen …</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Uret</translation>
    </message>
    <message>
        <source>--now is not used on a real database: what is saved is saved at the real time. Only a training database can set the clock.</source>
        <translation>--now bruges ikke i en rigtig database: det, der gemmes, gemmes på det rigtige tidspunkt. Kun en øvelsesdatabase kan stille uret.</translation>
    </message>
    <message>
        <source>No database</source>
        <translation>Ingen database</translation>
    </message>
    <message>
        <source>The database cannot be opened</source>
        <translation>Databasen kan ikke åbnes</translation>
    </message>
    <message>
        <source>Building demo data…</source>
        <translation>Opretter demodata …</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Demodata</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annullerer …</translation>
    </message>
    <message>
        <source>No demo data was created; the database is empty.</source>
        <translation>Der blev ikke oprettet demodata; databasen er tom.</translation>
    </message>
</context>
<context>
    <name>coordinator</name>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nej</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registreret</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>Borger</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Ændring</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begrundelse</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>Læge</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Håndtering</translation>
    </message>
    <message>
        <source>If it had waited</source>
        <translation>Hvis det havde ventet</translation>
    </message>
    <message>
        <source>Recorded when it was decided: the next roll started %1, its deadline was %2.</source>
        <translation>Registreret da det blev besluttet: næste rulle startede %1, fristen var %2.</translation>
    </message>
    <message>
        <source>Days from the decision to the next roll, recorded then</source>
        <translation>Dage fra beslutningen til næste rulle, registreret dengang</translation>
    </message>
    <message>
        <source>Follow-up in the roll</source>
        <translation>Opfølgning i rullen</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Af</translation>
    </message>
    <message>
        <source>Intentional: %1</source>
        <translation>Tilsigtet: %1</translation>
    </message>
    <message>
        <source>Sent to the doctor %1</source>
        <translation>Sendt til lægen %1</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Alvor</translation>
    </message>
    <message>
        <source>CPR</source>
        <translation>CPR</translation>
    </message>
    <message>
        <source>Line A</source>
        <translation>Linje A</translation>
    </message>
    <message>
        <source>Line B</source>
        <translation>Linje B</translation>
    </message>
    <message>
        <source>Both from</source>
        <translation>Begge fra</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>Lægemiddel</translation>
    </message>
    <message>
        <source>Prescription valid until</source>
        <translation>Recept gyldig til</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>Fornyelse</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sendt</translation>
    </message>
    <message>
        <source>Rejection reason</source>
        <translation>Afvisningsårsag</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Opgave</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Siden</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>ATC</source>
        <translation>ATC</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Fra</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>open</source>
        <translation>åben</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Dosage</source>
        <translation>Dosering</translation>
    </message>
    <message>
        <source>Line from</source>
        <translation>Linje fra</translation>
    </message>
    <message>
        <source>Line to</source>
        <translation>Linje til</translation>
    </message>
    <message>
        <source>Given beside the roll</source>
        <translation>Gives ved siden af rullen</translation>
    </message>
    <message>
        <source>epicrisis</source>
        <translation>epikrise</translation>
    </message>
    <message>
        <source>FMK checked</source>
        <translation>FMK tjekket</translation>
    </message>
    <message>
        <source>changes registered</source>
        <translation>ændringer registreret</translation>
    </message>
    <message>
        <source>dose dispensing resumed or kept paused</source>
        <translation>dosisdispensering genoptaget eller fortsat i bero</translation>
    </message>
    <message>
        <source>Hospital and department</source>
        <translation>Sygehus og afdeling</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation>Indlagt</translation>
    </message>
    <message>
        <source>Dose dispensing</source>
        <translation>Dosisdispensering</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>i bero</translation>
    </message>
    <message>
        <source>not paused</source>
        <translation>ikke i bero</translation>
    </message>
    <message>
        <source>Discharged</source>
        <translation>Udskrevet</translation>
    </message>
    <message>
        <source>72 hours end</source>
        <translation>72 timer slutter</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Tid tilbage</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Ikke udført</translation>
    </message>
    <message>
        <source>On DD</source>
        <translation>På DD</translation>
    </message>
    <message>
        <source>Citizens on dose dispensing today</source>
        <translation>Borgere på dosisdispensering i dag</translation>
    </message>
    <message>
        <source>75+</source>
        <translation>75+</translation>
    </message>
    <message>
        <source>Citizens on dose dispensing aged 75 or more</source>
        <translation>Borgere på dosisdispensering på 75 år eller derover</translation>
    </message>
    <message>
        <source>75+ share</source>
        <translation>Andel 75+</translation>
    </message>
    <message>
        <source>Acute</source>
        <translation>Akut</translation>
    </message>
    <message>
        <source>Share of acute changes in the running two weeks</source>
        <translation>Andel akutte ændringer i de igangværende 14 dage</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Overskredet</translation>
    </message>
    <message>
        <source>Missed deadlines in the running two weeks</source>
        <translation>Overskredne frister i de igangværende 14 dage</translation>
    </message>
    <message>
        <source>Double prescriptions</source>
        <translation>Dobbeltordinationer</translation>
    </message>
    <message>
        <source>Open double prescriptions today: high / review / info</source>
        <translation>Åbne dobbeltordinationer i dag: høj / vurdér / info</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Begrundelse:</translation>
    </message>
    <message>
        <source>Doctor:</source>
        <translation>Læge:</translation>
    </message>
    <message>
        <source>Registered:</source>
        <translation>Registreret:</translation>
    </message>
    <message>
        <source>Handling:</source>
        <translation>Håndtering:</translation>
    </message>
    <message>
        <source>If it had waited:</source>
        <translation>Hvis det havde ventet:</translation>
    </message>
    <message>
        <source>Follow-up in the roll:</source>
        <translation>Opfølgning i rullen:</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Dage</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Levering</translation>
    </message>
    <message>
        <source>First day (old → new)</source>
        <translation>Første dag (før → nu)</translation>
    </message>
    <message>
        <source>New roll</source>
        <translation>Ny rulle</translation>
    </message>
    <message>
        <source>May need manual dispensing</source>
        <translation>Kan kræve manuel dispensering</translation>
    </message>
</context>
<context>
    <name>fmk</name>
    <message>
        <source>New in FMK</source>
        <translation>Ny i FMK</translation>
    </message>
    <message>
        <source>Dose changed</source>
        <translation>Dosis ændret</translation>
    </message>
    <message>
        <source>Ended in FMK</source>
        <translation>Seponeret i FMK</translation>
    </message>
    <message>
        <source>Into the roll</source>
        <translation>Ind i rullen</translation>
    </message>
    <message>
        <source>Out of the roll</source>
        <translation>Ud af rullen</translation>
    </message>
    <message>
        <source>Supply changed</source>
        <translation>Forsyning ændret</translation>
    </message>
    <message>
        <source>Other trade name</source>
        <translation>Andet handelsnavn</translation>
    </message>
    <message>
        <source>Not in FMK</source>
        <translation>Findes ikke i FMK</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Forskel</translation>
    </message>
    <message>
        <source>Now in dosisdesk</source>
        <translation>Nu i dosisdesk</translation>
    </message>
    <message>
        <source>From FMK</source>
        <translation>Fra FMK</translation>
    </message>
    <message>
        <source>Source in FMK</source>
        <translation>Kilde i FMK</translation>
    </message>
    <message>
        <source>cannot be dose-dispensed as given</source>
        <translation>kan ikke dosisdispenseres som angivet</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Bemærk: %1</translation>
    </message>
</context>
<context>
    <name>models</name>
    <message>
        <source>bags to handle: %1</source>
        <translation>poser at håndtere: %1</translation>
    </message>
    <message>
        <source>An acute change&apos;s handling is not signed as done yet</source>
        <translation>En akut ændrings håndtering er ikke kvitteret som udført endnu</translation>
    </message>
    <message>
        <source>admitted: %1, phone %2</source>
        <translation>Indlagt: %1, tlf. %2</translation>
    </message>
    <message>
        <source>Admitted: the hospital department answers questions about medicine</source>
        <translation>Indlagt: sygehusafdelingen svarer på spørgsmål om medicin</translation>
    </message>
    <message>
        <source>acute today</source>
        <translation>akut i dag</translation>
    </message>
    <message>
        <source>An acute change was registered today</source>
        <translation>Der er registreret en akut ændring i dag</translation>
    </message>
    <message>
        <source>72 h</source>
        <translation>72 t</translation>
    </message>
    <message>
        <source>Open 72-hour window: call the discharging department</source>
        <translation>Åbent 72-timers vindue: ring til den udskrivende afdeling</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>i bero</translation>
    </message>
    <message>
        <source>Dose dispensing is paused</source>
        <translation>Dosisdispenseringen er i bero</translation>
    </message>
    <message>
        <source>double prescription</source>
        <translation>dobbeltordination</translation>
    </message>
    <message>
        <source>Double prescription of high severity</source>
        <translation>Dobbeltordination af høj alvor</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <source>CPR</source>
        <translation>CPR</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Obs.</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Kl.</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>Lægemiddel</translation>
    </message>
    <message>
        <source>Changes and notes</source>
        <translation>Ændringer og noter</translation>
    </message>
    <message>
        <source>Prescription valid until %1</source>
        <translation>Recept gyldig til %1</translation>
    </message>
    <message>
        <source>Not on the card in this period</source>
        <translation>Ikke på kortet i denne periode</translation>
    </message>
    <message>
        <source>No fixed dose</source>
        <translation>Ingen fast dosis</translation>
    </message>
    <message>
        <source>New appearance: packed as %1</source>
        <translation>Nyt udseende: pakket som %1</translation>
    </message>
    <message>
        <source>As needed, no fixed dose</source>
        <translation>Efter behov, ingen fast dosis</translation>
    </message>
    <message>
        <source>Only on: %1</source>
        <translation>Kun: %1</translation>
    </message>
    <message>
        <source>Temporary, until the roll carries the change</source>
        <translation>Midlertidig, indtil rullen har ændringen</translation>
    </message>
    <message>
        <source>New appearance from %1: %2</source>
        <translation>Nyt udseende fra %1: %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Acute %1</source>
        <translation>Akut %1</translation>
    </message>
    <message>
        <source>From %1: %2 (%3)</source>
        <translation>Fra %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Wanted from %1: handle the bags or dispense by hand %1–%2</source>
        <translation>Ordineret fra %1: håndtér poserne eller dispensér manuelt %1–%2</translation>
    </message>
    <message>
        <source>Takes effect</source>
        <translation>Træder i kraft</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>New dose</source>
        <translation>Ny dosis</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registreret</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Begrundelse: %1</translation>
    </message>
    <message>
        <source>Deciding doctor: %1</source>
        <translation>Besluttende læge: %1</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Kilde: %1</translation>
    </message>
    <message>
        <source>Missed deadlines: %1</source>
        <translation>Overskredne frister: %1</translation>
    </message>
    <message>
        <source>%1 (wanted from %2)</source>
        <translation>%1 (ordineret fra %2)</translation>
    </message>
    <message>
        <source>ACUTE: %1</source>
        <translation>AKUT: %1</translation>
    </message>
    <message>
        <source>(missed %1)</source>
        <translation>(overskredet %1)</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Alvor</translation>
    </message>
    <message>
        <source>Line A</source>
        <translation>Linje A</translation>
    </message>
    <message>
        <source>Line B</source>
        <translation>Linje B</translation>
    </message>
    <message>
        <source>Overlap from</source>
        <translation>Overlap fra</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Kvitteret</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nej</translation>
    </message>
    <message>
        <source>Yes: %1</source>
        <translation>Ja: %1</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>Prescription valid until</source>
        <translation>Recept gyldig til</translation>
    </message>
    <message>
        <source>Rejection reason</source>
        <translation>Afvisningsårsag</translation>
    </message>
    <message>
        <source>Request sent</source>
        <translation>Anmodning sendt</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>Pose</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Antal</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Hvad skal gøres</translation>
    </message>
    <message>
        <source>New appearance</source>
        <translation>Nyt udseende</translation>
    </message>
    <message>
        <source>No handling to sign</source>
        <translation>Ingen håndtering at kvittere for</translation>
    </message>
    <message>
        <source>Handling: %1 of %2 done</source>
        <translation>Håndtering: %1 af %2 udført</translation>
    </message>
    <message>
        <source>%1 — not done</source>
        <translation>%1 — mangler</translation>
    </message>
    <message>
        <source>%1 — done by %2 %3</source>
        <translation>%1 — udført af %2 %3</translation>
    </message>
</context>
<context>
    <name>texts</name>
    <message>
        <source>Registered</source>
        <translation>Registreret</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bekræftet</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Låst</translation>
    </message>
    <message>
        <source>In effect</source>
        <translation>I kraft</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulleret</translation>
    </message>
    <message>
        <source>New ordination</source>
        <translation>Ny ordination</translation>
    </message>
    <message>
        <source>Dose change</source>
        <translation>Dosisændring</translation>
    </message>
    <message>
        <source>Discontinuation</source>
        <translation>Seponering</translation>
    </message>
    <message>
        <source>Switch of supply</source>
        <translation>Skift af forsyning</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Sæt i bero</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Genoptag</translation>
    </message>
    <message>
        <source>Tablets taken out of named bags</source>
        <translation>Tabletter udtages af navngivne poser</translation>
    </message>
    <message>
        <source>Bags discarded, given from an ordinary pack</source>
        <translation>Poser kasseres, medicin gives fra almindelig pakning</translation>
    </message>
    <message>
        <source>Pharmacy asked for a replacement or extra roll</source>
        <translation>Apoteket bedes om erstatnings- eller ekstrarulle</translation>
    </message>
    <message>
        <source>Dose dispensing paused</source>
        <translation>Dosisdispensering sat i bero</translation>
    </message>
    <message>
        <source>take out</source>
        <translation>tages ud</translation>
    </message>
    <message>
        <source>discard — give from an ordinary pack</source>
        <translation>kasseres — giv fra alm. pakning</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>uændret</translation>
    </message>
    <message>
        <source>not handled — decide what to do</source>
        <translation>ikke håndteret — tag stilling</translation>
    </message>
    <message>
        <source>The pharmacy stops packing it from the roll %1</source>
        <translation>Apoteket stopper pakningen fra rullen %1</translation>
    </message>
    <message>
        <source>The pharmacy packs the new dose from the roll %1</source>
        <translation>Apoteket pakker den nye dosis fra rullen %1</translation>
    </message>
    <message>
        <source>The pharmacy pauses packing it from the roll %1</source>
        <translation>Apoteket holder pakningen i bero fra rullen %1</translation>
    </message>
    <message>
        <source>The pharmacy resumes packing it from the roll %1</source>
        <translation>Apoteket genoptager pakningen fra rullen %1</translation>
    </message>
    <message>
        <source>The pharmacy packs the drug from the roll %1</source>
        <translation>Apoteket pakker lægemidlet fra rullen %1</translation>
    </message>
    <message>
        <source>The pharmacy changes the packing from the roll %1</source>
        <translation>Apoteket ændrer pakningen fra rullen %1</translation>
    </message>
    <message>
        <source>follow-up of the acute discontinuation %1</source>
        <translation>opfølgning af akut seponering %1</translation>
    </message>
    <message>
        <source>follow-up of the acute dose change %1</source>
        <translation>opfølgning af akut dosisændring %1</translation>
    </message>
    <message>
        <source>follow-up of the acute pause %1</source>
        <translation>opfølgning af akut pause %1</translation>
    </message>
    <message>
        <source>follow-up of the acute resumption %1</source>
        <translation>opfølgning af akut genoptagelse %1</translation>
    </message>
    <message>
        <source>follow-up of the acute new ordination %1</source>
        <translation>opfølgning af akut ny ordination %1</translation>
    </message>
    <message>
        <source>follow-up of the acute switch of supply %1</source>
        <translation>opfølgning af akut skift af forsyning %1</translation>
    </message>
    <message>
        <source>In the roll</source>
        <translation>I rullen</translation>
    </message>
    <message>
        <source>Beside the roll</source>
        <translation>Ved siden af rullen</translation>
    </message>
    <message>
        <source>As needed (PN)</source>
        <translation>Efter behov (PN)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>I bero</translation>
    </message>
    <message>
        <source>Discontinued</source>
        <translation>Seponeret</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Planlagt</translation>
    </message>
    <message>
        <source>Locked (packing)</source>
        <translation>Låst (pakkes)</translation>
    </message>
    <message>
        <source>Not dispensed</source>
        <translation>Ikke dispenseret</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>Pakket</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Leveret</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Høj</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Vurdér</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Due, not requested</source>
        <translation>Skal fornyes, ikke anmodet</translation>
    </message>
    <message>
        <source>Request sent</source>
        <translation>Anmodning sendt</translation>
    </message>
    <message>
        <source>Renewed</source>
        <translation>Fornyet</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Afvist</translation>
    </message>
    <message>
        <source>Expired: the pharmacy cannot pack it</source>
        <translation>Udløbet: apoteket kan ikke pakke den</translation>
    </message>
    <message>
        <source>Expires within 7 days</source>
        <translation>Udløber inden 7 dage</translation>
    </message>
    <message>
        <source>Expires within 28 days</source>
        <translation>Udløber inden 28 dage</translation>
    </message>
    <message>
        <source>prescription expired</source>
        <translation>recept udløbet</translation>
    </message>
    <message>
        <source>renewal ≤ 7 days</source>
        <translation>fornyelse ≤ 7 dage</translation>
    </message>
    <message>
        <source>renewal ≤ 28 days</source>
        <translation>fornyelse ≤ 28 dage</translation>
    </message>
    <message>
        <source>Treatment ended</source>
        <translation>Behandlingen er ophørt</translation>
    </message>
    <message>
        <source>Renewal needs a consultation</source>
        <translation>Fornyelse kræver konsultation</translation>
    </message>
    <message>
        <source>Contact own doctor if a prescription is wanted</source>
        <translation>Kontakt egen læge, hvis der ønskes recept</translation>
    </message>
    <message>
        <source>Renew where the citizen goes for check-ups</source>
        <translation>Forny hos det sted, hvor borgeren går til kontrol</translation>
    </message>
    <message>
        <source>Renew with the doctor who last prescribed</source>
        <translation>Forny hos den læge, der sidst ordinerede</translation>
    </message>
    <message>
        <source>Request withdrawn (by the citizen or home nursing)</source>
        <translation>Anmodningen er trukket tilbage (af borgeren eller hjemmesygeplejen)</translation>
    </message>
    <message>
        <source>Not renewed, a valid prescription exists</source>
        <translation>Ikke fornyet, der findes en gyldig recept</translation>
    </message>
    <message>
        <source>Too early for a new prescription</source>
        <translation>For tidligt at udstede en ny recept</translation>
    </message>
    <message>
        <source>The medicine is supplied by the hospital</source>
        <translation>Medicinen udleveres af sygehuset</translation>
    </message>
    <message>
        <source>The medicine can be bought over the counter</source>
        <translation>Medicinen kan købes i håndkøb</translation>
    </message>
    <message>
        <source>Admission</source>
        <translation>Indlæggelse</translation>
    </message>
    <message>
        <source>Outpatient</source>
        <translation>Ambulant</translation>
    </message>
    <message>
        <source>Acute outpatient</source>
        <translation>Akut ambulant</translation>
    </message>
    <message>
        <source>Nurse</source>
        <translation>Sygeplejerske</translation>
    </message>
    <message>
        <source>Medicine coordinator</source>
        <translation>Medicinkoordinator</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Morning</source>
        <translation>Morgen</translation>
    </message>
    <message>
        <source>Noon</source>
        <translation>Middag</translation>
    </message>
    <message>
        <source>Evening</source>
        <translation>Aften</translation>
    </message>
    <message>
        <source>Night</source>
        <translation>Nat</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>kl. %1</translation>
    </message>
    <message>
        <source>Morn.</source>
        <translation>Morg.</translation>
    </message>
    <message>
        <source>Noon</source>
        <comment>short column title</comment>
        <translation>Midd.</translation>
    </message>
    <message>
        <source>Even.</source>
        <translation>Aften</translation>
    </message>
    <message>
        <source>week %1</source>
        <translation>uge %1</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>udløbet</translation>
    </message>
    <message>
        <source>under 1 min</source>
        <translation>under 1 min</translation>
    </message>
    <message>
        <source>d</source>
        <comment>days, short</comment>
        <translation>d</translation>
    </message>
    <message>
        <source>h</source>
        <comment>hours, short</comment>
        <translation>t</translation>
    </message>
    <message>
        <source>Received %1, refused %2, taken by the mail system %3.</source>
        <translation>Modtaget %1, afvist %2, hentet af forsendelsessystemet %3.</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 og %2</translation>
    </message>
    <message>
        <source>%1 and %2 more</source>
        <translation>%1 og %2 mere</translation>
    </message>
</context>
</TS>
