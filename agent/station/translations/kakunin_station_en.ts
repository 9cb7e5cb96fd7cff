<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>kakunin::station::DocumentDialog</name>
        <message>
            <source>Enter the insurer number (6 or 8 digits).</source>
            <translation>Enter the insurer number (6 or 8 digits).</translation>
        </message>
        <message>
            <source>The insurer number has 6 or 8 digits.</source>
            <translation>The insurer number has 6 or 8 digits.</translation>
        </message>
        <message>
            <source>The insurer number's last digit should be %1. Check for a typo.</source>
            <translation>The insurer number's last digit should be %1. Check for a typo.</translation>
        </message>
        <message>
            <source>Confirm with a document</source>
            <translation>Confirm with a document</translation>
        </message>
        <message>
            <source>Record the document the patient showed. Never turn a patient away: if this document is not valid, ask for another one.</source>
            <translation>Record the document the patient showed. Never turn a patient away: if this document is not valid, ask for another one.</translation>
        </message>
        <message>
            <source>&amp;Document</source>
            <translation>&amp;Document</translation>
        </message>
        <message>
            <source>Issue date printed</source>
            <translation>Issue date printed</translation>
        </message>
        <message>
            <source>&amp;Issued on</source>
            <translation>&amp;Issued on</translation>
        </message>
        <message>
            <source>Expiry printed</source>
            <translation>Expiry printed</translation>
        </message>
        <message>
            <source>&amp;Expires on</source>
            <translation>&amp;Expires on</translation>
        </message>
        <message>
            <source>Late-elderly (後期高齢者) card</source>
            <translation>Late-elderly (後期高齢者) card</translation>
        </message>
        <message>
            <source>Insurer number</source>
            <translation>Insurer number</translation>
        </message>
        <message>
            <source>Symbol</source>
            <translation>Symbol</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>Branch</translation>
        </message>
        <message>
            <source>&amp;Note</source>
            <translation>&amp;Note</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Cancel (Esc)</source>
            <translation>Cancel (Esc)</translation>
        </message>
        <message>
            <source>Enter the expiry date printed on the eligibility certificate.</source>
            <translation>Enter the expiry date printed on the eligibility certificate.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::ErrorText</name>
        <message>
            <source>Switch to the visual check (F3) and compare the patient with the card's photo.</source>
            <translation>Switch to the visual check (F3) and compare the patient with the card's photo.</translation>
        </message>
        <message>
            <source>HQ's setting does not let this terminal switch to the visual check: ask your administrator, or confirm with a document (F6).</source>
            <translation>HQ's setting does not let this terminal switch to the visual check: ask your administrator, or confirm with a document (F6).</translation>
        </message>
        <message>
            <source>The PIN is wrong, and only one try is left: it is not used here, as one more mistake would lock the card. </source>
            <translation>The PIN is wrong, and only one try is left: it is not used here, as one more mistake would lock the card. </translation>
        </message>
        <message numerus="yes">
            <source>The PIN is wrong. %n try(s) left. Ask the patient to enter it again slowly.</source>
            <translation>
                <numerusform>The PIN is wrong. %n try left. Ask the patient to enter it again slowly.</numerusform>
                <numerusform>The PIN is wrong. %n tries left. Ask the patient to enter it again slowly.</numerusform>
            </translation>
        </message>
        <message>
            <source>The PIN is wrong. Ask the patient to enter it again slowly.</source>
            <translation>The PIN is wrong. Ask the patient to enter it again slowly.</translation>
        </message>
        <message>
            <source>Only one PIN try is left, so the PIN was not sent: one more mistake would lock the card. </source>
            <translation>Only one PIN try is left, so the PIN was not sent: one more mistake would lock the card. </translation>
        </message>
        <message>
            <source>The card stopped answering. Take it off the reader, wait a moment, and put it back. If it happens again, clean the contacts or use another reader.</source>
            <translation>The card stopped answering. Take it off the reader, wait a moment, and put it back. If it happens again, clean the contacts or use another reader.</translation>
        </message>
        <message>
            <source>The card's PIN is locked. Only the city office can unlock it; tell the patient. </source>
            <translation>The card's PIN is locked. Only the city office can unlock it; tell the patient. </translation>
        </message>
        <message>
            <source>The PIN was typed in full-width digits. Switch the input to half-width and ask the patient to enter it again.</source>
            <translation>The PIN was typed in full-width digits. Switch the input to half-width and ask the patient to enter it again.</translation>
        </message>
        <message>
            <source>The PIN has exactly 4 digits. Ask the patient to enter it again.</source>
            <translation>The PIN has exactly 4 digits. Ask the patient to enter it again.</translation>
        </message>
        <message>
            <source>This card has no electronic certificate (or is not a My Number Card). Confirm with a document (F6).</source>
            <translation>This card has no electronic certificate (or is not a My Number Card). Confirm with a document (F6).</translation>
        </message>
        <message>
            <source>The card cannot be read. Place it flat on the reader again (away from metal and without a case). If it fails again, confirm with the Mynaportal screen or the eligibility notice (F6).</source>
            <translation>The card cannot be read. Place it flat on the reader again (away from metal and without a case). If it fails again, confirm with the Mynaportal screen or the eligibility notice (F6).</translation>
        </message>
        <message>
            <source>This is not a My Number Card, or a card this reader cannot read. Check the card; if it is a My Number Card, confirm with a document (F6).</source>
            <translation>This is not a My Number Card, or a card this reader cannot read. Check the card; if it is a My Number Card, confirm with a document (F6).</translation>
        </message>
        <message>
            <source>The reader does not support extended APDUs. Replace it with a compliant reader. Until then, confirm with a document (F6).</source>
            <translation>The reader does not support extended APDUs. Replace it with a compliant reader. Until then, confirm with a document (F6).</translation>
        </message>
        <message>
            <source>No card reader is connected. Check the reader's USB cable, then try again.</source>
            <translation>No card reader is connected. Check the reader's USB cable, then try again.</translation>
        </message>
        <message>
            <source>The card service of this terminal is not running. Restart the terminal; if it goes on, call your administrator.</source>
            <translation>The card service of this terminal is not running. Restart the terminal; if it goes on, call your administrator.</translation>
        </message>
        <message>
            <source>No card was placed. Place the card on the reader and start again (Enter).</source>
            <translation>No card was placed. Place the card on the reader and start again (Enter).</translation>
        </message>
        <message>
            <source>The card left the reader during the check. Keep it on the reader until the result appears, and start again (Enter).</source>
            <translation>The card left the reader during the check. Keep it on the reader until the result appears, and start again (Enter).</translation>
        </message>
        <message>
            <source>The card reader reported an unexpected error. Take the card off, unplug the reader's USB cable and plug it in again, then try again. If it goes on, call your administrator.</source>
            <translation>The card reader reported an unexpected error. Take the card off, unplug the reader's USB cable and plug it in again, then try again. If it goes on, call your administrator.</translation>
        </message>
        <message>
            <source>The reader is being used by another check. Wait until it ends, then start again.</source>
            <translation>The reader is being used by another check. Wait until it ends, then start again.</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal did not answer in time. Its answer is recorded when it comes. Check that the terminal is on, or confirm with a document (F6).</source>
            <translation>The on-site eligibility terminal did not answer in time. Its answer is recorded when it comes. Check that the terminal is on, or confirm with a document (F6).</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal answered with an error. Check the entries and the terminal's screen; if it happens again, confirm with a document (F6).</source>
            <translation>The on-site eligibility terminal answered with an error. Check the entries and the terminal's screen; if it happens again, confirm with a document (F6).</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal's shared folder cannot be reached. Check that the terminal is on and its folder is connected, then try again.</source>
            <translation>The on-site eligibility terminal's shared folder cannot be reached. Check that the terminal is on and its folder is connected, then try again.</translation>
        </message>
        <message>
            <source>The on-site terminal's answer could not be used (it was kept for the administrator). Try again; if it fails again, confirm with a document (F6).</source>
            <translation>The on-site terminal's answer could not be used (it was kept for the administrator). Try again; if it fails again, confirm with a document (F6).</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal is still working on the request. Wait a moment, then try again.</source>
            <translation>The on-site eligibility terminal is still working on the request. Wait a moment, then try again.</translation>
        </message>
        <message>
            <source>At this site the face-recognition card reader reads the cards, and its results appear here by themselves. Use this terminal for re-inquiries and documents.</source>
            <translation>At this site the face-recognition card reader reads the cards, and its results appear here by themselves. Use this terminal for re-inquiries and documents.</translation>
        </message>
        <message>
            <source>A date is not valid. Check the dates entered (year, month and day).</source>
            <translation>A date is not valid. Check the dates entered (year, month and day).</translation>
        </message>
        <message>
            <source>This terminal's institution code (医療機関等コード) from HQ is not valid, so the service cannot be asked. Call HQ; until then, confirm with a document (F6).</source>
            <translation>This terminal's institution code (医療機関等コード) from HQ is not valid, so the service cannot be asked. Call HQ; until then, confirm with a document (F6).</translation>
        </message>
        <message>
            <source>This terminal has no eligibility service set up. Call HQ; until then, confirm with a document (F6).</source>
            <translation>This terminal has no eligibility service set up. Call HQ; until then, confirm with a document (F6).</translation>
        </message>
        <message>
            <source>The eligibility service did not answer. Confirm with the Mynaportal screen or the eligibility notice and the card (F6), and try again later.</source>
            <translation>The eligibility service did not answer. Confirm with the Mynaportal screen or the eligibility notice and the card (F6), and try again later.</translation>
        </message>
        <message>
            <source>HQ's setting does not allow this identity mode at this terminal. Use the mode HQ set, or confirm with a document (F6).</source>
            <translation>HQ's setting does not allow this identity mode at this terminal. Use the mode HQ set, or confirm with a document (F6).</translation>
        </message>
        <message>
            <source>The branch manager's permission has expired unused. Ask the branch manager again, or confirm with a document (F6).</source>
            <translation>The branch manager's permission has expired unused. Ask the branch manager again, or confirm with a document (F6).</translation>
        </message>
        <message>
            <source>The branch manager's permission can no longer be used (it was used once already, or replaced). Ask the branch manager again, or confirm with a document (F6).</source>
            <translation>The branch manager's permission can no longer be used (it was used once already, or replaced). Ask the branch manager again, or confirm with a document (F6).</translation>
        </message>
        <message>
            <source>HQ does not allow this route at this site. Choose another route (F4) or ask your administrator.</source>
            <translation>HQ does not allow this route at this site. Choose another route (F4) or ask your administrator.</translation>
        </message>
        <message>
            <source>This terminal is not registered with HQ. Call your administrator.</source>
            <translation>This terminal is not registered with HQ. Call your administrator.</translation>
        </message>
        <message>
            <source>The terminal could not save the result. Do not repeat the check; call your administrator.</source>
            <translation>The terminal could not save the result. Do not repeat the check; call your administrator.</translation>
        </message>
        <message>
            <source>The insurer number is not correct. Look at the document and enter it again.</source>
            <translation>The insurer number is not correct. Look at the document and enter it again.</translation>
        </message>
        <message>
            <source>This terminal has no record of the card check at the first visit, so a re-inquiry is not possible. Confirm with the My Number Card.</source>
            <translation>This terminal has no record of the card check at the first visit, so a re-inquiry is not possible. Confirm with the My Number Card.</translation>
        </message>
        <message>
            <source>At the first visit the card was checked but the patient's consent was not recorded, so a re-inquiry is not possible. Confirm with the My Number Card and ask for consent.</source>
            <translation>At the first visit the card was checked but the patient's consent was not recorded, so a re-inquiry is not possible. Confirm with the My Number Card and ask for consent.</translation>
        </message>
        <message>
            <source>The first visit is recorded after today, so a re-inquiry is not possible. Check the terminal's date, and confirm with the My Number Card.</source>
            <translation>The first visit is recorded after today, so a re-inquiry is not possible. Check the terminal's date, and confirm with the My Number Card.</translation>
        </message>
        <message>
            <source>The regular home visits for this patient are recorded as ended, so a re-inquiry is not possible. Confirm with the My Number Card.</source>
            <translation>The regular home visits for this patient are recorded as ended, so a re-inquiry is not possible. Confirm with the My Number Card.</translation>
        </message>
        <message>
            <source>A one-off house call (往診) needs the card check every time. Confirm with the My Number Card.</source>
            <translation>A one-off house call (往診) needs the card check every time. Confirm with the My Number Card.</translation>
        </message>
        <message>
            <source>The patient's consent does not cover this inquiry (it is before the consent, or after the day following the consultation). Confirm with the My Number Card.</source>
            <translation>The patient's consent does not cover this inquiry (it is before the consent, or after the day following the consultation). Confirm with the My Number Card.</translation>
        </message>
        <message>
            <source>A re-inquiry is possible only for the later visits of a regular home visit. Confirm with the My Number Card.</source>
            <translation>A re-inquiry is possible only for the later visits of a regular home visit. Confirm with the My Number Card.</translation>
        </message>
        <message>
            <source>The check was cancelled.</source>
            <translation>The check was cancelled.</translation>
        </message>
        <message>
            <source>The check took too long and was stopped. Start again (Enter).</source>
            <translation>The check took too long and was stopped. Start again (Enter).</translation>
        </message>
        <message>
            <source>This computer account may not use the check service. Ask your administrator to add it to the kakunin-agent group, then log out and in again.</source>
            <translation>This computer account may not use the check service. Ask your administrator to add it to the kakunin-agent group, then log out and in again.</translation>
        </message>
        <message>
            <source>The check service of this terminal is not answering. Wait a moment; if this stays, restart the terminal or call your administrator.</source>
            <translation>The check service of this terminal is not answering. Wait a moment; if this stays, restart the terminal or call your administrator.</translation>
        </message>
        <message>
            <source>Some entries are not valid. Check them and try again.</source>
            <translation>Some entries are not valid. Check them and try again.</translation>
        </message>
        <message>
            <source>The check could not be completed. Try again; if it fails again, confirm with a document (F6) and call your administrator.</source>
            <translation>The check could not be completed. Try again; if it fails again, confirm with a document (F6) and call your administrator.</translation>
        </message>
        <message>
            <source>The document has expired. Ask for another document (Mynaportal screen, eligibility notice with the card).</source>
            <translation>The document has expired. Ask for another document (Mynaportal screen, eligibility notice with the card).</translation>
        </message>
        <message>
            <source>Legacy health insurance cards are no longer valid (last day 2025-12-01). Ask for the eligibility certificate or the card with the Mynaportal screen.</source>
            <translation>Legacy health insurance cards are no longer valid (last day 2025-12-01). Ask for the eligibility certificate or the card with the Mynaportal screen.</translation>
        </message>
        <message>
            <source>Enter the expiry date printed on the document.</source>
            <translation>Enter the expiry date printed on the document.</translation>
        </message>
        <message>
            <source>An entry is too long: the note takes at most about 340 full-width characters, the symbol and number about 26.</source>
            <translation>An entry is too long: the note takes at most about 340 full-width characters, the symbol and number about 26.</translation>
        </message>
        <message>
            <source>An entry has a line break or a control character. Write each on one line.</source>
            <translation>An entry has a line break or a control character. Write each on one line.</translation>
        </message>
        <message>
            <source>The expiry is more than 5 years after the issue date. Check both dates on the document.</source>
            <translation>The expiry is more than 5 years after the issue date. Check both dates on the document.</translation>
        </message>
        <message>
            <source>The eligibility notice is valid only together with the My Number Card. Ask for the card as well.</source>
            <translation>The eligibility notice is valid only together with the My Number Card. Ask for the card as well.</translation>
        </message>
        <message>
            <source>The temporary concession has ended. Ask for the My Number Card with the notice, or the eligibility certificate.</source>
            <translation>The temporary concession has ended. Ask for the My Number Card with the notice, or the eligibility certificate.</translation>
        </message>
        <message>
            <source>The document could not be accepted. Ask for another document; never turn the patient away.</source>
            <translation>The document could not be accepted. Ask for another document; never turn the patient away.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::Labels</name>
        <message>
            <source>Visual check</source>
            <translation>Visual check</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>Face-recognition card reader</source>
            <translation>Face-recognition card reader</translation>
        </message>
        <message>
            <source>Not recorded</source>
            <translation>Not recorded</translation>
        </message>
        <message>
            <source>Counter</source>
            <translation>Counter</translation>
        </message>
        <message>
            <source>Home visit (regular)</source>
            <translation>Home visit (regular)</translation>
        </message>
        <message>
            <source>House call</source>
            <translation>House call</translation>
        </message>
        <message>
            <source>Online consultation</source>
            <translation>Online consultation</translation>
        </message>
        <message>
            <source>Ward</source>
            <translation>Ward</translation>
        </message>
        <message>
            <source>Fever clinic</source>
            <translation>Fever clinic</translation>
        </message>
        <message>
            <source>Drive-through</source>
            <translation>Drive-through</translation>
        </message>
        <message>
            <source>Face-recognition reader out of order</source>
            <translation>Face-recognition reader out of order</translation>
        </message>
        <message>
            <source>My Number Card</source>
            <translation>My Number Card</translation>
        </message>
        <message>
            <source>Re-inquiry by insured number</source>
            <translation>Re-inquiry by insured number</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>Document</translation>
        </message>
        <message>
            <source>Face-recognition card reader (on-site terminal)</source>
            <translation>Face-recognition card reader (on-site terminal)</translation>
        </message>
        <message>
            <source>Eligible</source>
            <translation>Eligible</translation>
        </message>
        <message>
            <source>Coverage lost</source>
            <translation>Coverage lost</translation>
        </message>
        <message>
            <source>No coverage found</source>
            <translation>No coverage found</translation>
        </message>
        <message>
            <source>Card not registered for health insurance</source>
            <translation>Card not registered for health insurance</translation>
        </message>
        <message>
            <source>Card certificate expired</source>
            <translation>Card certificate expired</translation>
        </message>
        <message>
            <source>Card certificate revoked</source>
            <translation>Card certificate revoked</translation>
        </message>
        <message>
            <source>Confirmed by document</source>
            <translation>Confirmed by document</translation>
        </message>
        <message>
            <source>Document not valid</source>
            <translation>Document not valid</translation>
        </message>
        <message>
            <source>Check not completed</source>
            <translation>Check not completed</translation>
        </message>
        <message>
            <source>Several coverages</source>
            <translation>Several coverages</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>Male</source>
            <translation>Male</translation>
        </message>
        <message>
            <source>Female</source>
            <translation>Female</translation>
        </message>
        <message>
            <source>Not set</source>
            <translation>Not set</translation>
        </message>
        <message>
            <source>Eligibility certificate</source>
            <translation>Eligibility certificate</translation>
        </message>
        <message>
            <source>My Number Card + eligibility notice</source>
            <translation>My Number Card + eligibility notice</translation>
        </message>
        <message>
            <source>My Number Card + Mynaportal screen</source>
            <translation>My Number Card + Mynaportal screen</translation>
        </message>
        <message>
            <source>Health insurance card (legacy)</source>
            <translation>Health insurance card (legacy)</translation>
        </message>
        <message>
            <source>Eligibility notice alone</source>
            <translation>Eligibility notice alone</translation>
        </message>
        <message>
            <source>Death</source>
            <translation>Death</translation>
        </message>
        <message>
            <source>Public assistance began</source>
            <translation>Public assistance began</translation>
        </message>
        <message>
            <source>Joined another insurance</source>
            <translation>Joined another insurance</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Not given</source>
            <translation>Not given</translation>
        </message>
        <message>
            <source>Code %1</source>
            <translation>Code %1</translation>
        </message>
        <message>
            <source>Insured person</source>
            <translation>Insured person</translation>
        </message>
        <message>
            <source>Family member</source>
            <translation>Family member</translation>
        </message>
        <message>
            <source>%1-%2-%3</source>
            <comment>year, month, day</comment>
            <translation>%1-%2-%3</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <comment>date of birth, its Japanese-era form</comment>
            <extracomment>A date of birth, then the same date in the Japanese era: 1985年4月12日（昭和60年4月12日）.</extracomment>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>%1 %2:%3</source>
            <comment>date, hour, minute</comment>
            <translation>%1 %2:%3</translation>
        </message>
        <message>
            <source>yyyy-MM-dd</source>
            <translation>yyyy-MM-dd</translation>
        </message>
        <message>
            <source>en</source>
            <extracomment>Locale of the date fields' calendars (ja in the Japanese UI).</extracomment>
            <translation>en</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::NextStepText</name>
        <message>
            <source>The check is done. Continue with the patient's reception.</source>
            <translation>The check is done. Continue with the patient's reception.</translation>
        </message>
        <message>
            <source>Several insurances were found. Ask the patient which one applies today, then continue with the reception.</source>
            <translation>Several insurances were found. Ask the patient which one applies today, then continue with the reception.</translation>
        </message>
        <message>
            <source>Continue with the reception, and tell the patient that the card's certificate has expired: it works only until %1, so they should renew it at the city office.</source>
            <translation>Continue with the reception, and tell the patient that the card's certificate has expired: it works only until %1, so they should renew it at the city office.</translation>
        </message>
        <message>
            <source>Continue with the reception, and tell the patient that the card's certificate has expired and should be renewed at the city office soon.</source>
            <translation>Continue with the reception, and tell the patient that the card's certificate has expired and should be renewed at the city office soon.</translation>
        </message>
        <message>
            <source>The card's certificate can no longer be used. Confirm with the eligibility certificate, or the card with the Mynaportal screen or the eligibility notice, and tell the patient to renew the certificate at the city office.</source>
            <translation>The card's certificate can no longer be used. Confirm with the eligibility certificate, or the card with the Mynaportal screen or the eligibility notice, and tell the patient to renew the certificate at the city office.</translation>
        </message>
        <message>
            <source>Wipe the card's gold contacts, take it out of its case or holder, place it flat on the reader and read it again.</source>
            <translation>Wipe the card's gold contacts, take it out of its case or holder, place it flat on the reader and read it again.</translation>
        </message>
        <message>
            <source>The card cannot be read. Confirm with the Mynaportal screen (or its PDF) or the eligibility notice, together with the card.</source>
            <translation>The card cannot be read. Confirm with the Mynaportal screen (or its PDF) or the eligibility notice, together with the card.</translation>
        </message>
        <message>
            <source>Place the card on the reader and leave it there until the result appears.</source>
            <translation>Place the card on the reader and leave it there until the result appears.</translation>
        </message>
        <message>
            <source>Ask the patient to enter the PIN again, slowly.</source>
            <translation>Ask the patient to enter the PIN again, slowly.</translation>
        </message>
        <message>
            <source>The PIN cannot be used. Switch to the visual check and compare the patient with the card's photo.</source>
            <translation>The PIN cannot be used. Switch to the visual check and compare the patient with the card's photo.</translation>
        </message>
        <message>
            <source>Waiting for the branch manager's permission. The PIN cannot be used and HQ does not allow the visual check here: ask the branch manager to allow one visual check for this terminal in the console (who allowed it and why is recorded). Meanwhile a document can be used (F6).</source>
            <translation>Waiting for the branch manager's permission. The PIN cannot be used and HQ does not allow the visual check here: ask the branch manager to allow one visual check for this terminal in the console (who allowed it and why is recorded). Meanwhile a document can be used (F6).</translation>
        </message>
        <message>
            <source>The branch manager allowed the visual check once (reason: %1; allowed by %2). Compare the patient with the card's photo, then read the card.</source>
            <translation>The branch manager allowed the visual check once (reason: %1; allowed by %2). Compare the patient with the card's photo, then read the card.</translation>
        </message>
        <message>
            <source>The PIN cannot be used and HQ does not allow the visual check here. Confirm with the Mynaportal screen or the eligibility notice, together with the card.</source>
            <translation>The PIN cannot be used and HQ does not allow the visual check here. Confirm with the Mynaportal screen or the eligibility notice, together with the card.</translation>
        </message>
        <message>
            <source>This card is not registered for use as a health insurance card. Ask for the eligibility certificate the patient was sent, or another document; the patient can register the card later, for example on Mynaportal.</source>
            <translation>This card is not registered for use as a health insurance card. Ask for the eligibility certificate the patient was sent, or another document; the patient can register the card later, for example on Mynaportal.</translation>
        </message>
        <message>
            <source>No valid insurance was found online. Ask for the eligibility certificate or another document; if the patient has none, the declaration of insured status is the last resort.</source>
            <translation>No valid insurance was found online. Ask for the eligibility certificate or another document; if the patient has none, the declaration of insured status is the last resort.</translation>
        </message>
        <message>
            <source>The insurance asked about has ended, and the answer names the patient's new one (under "Other records"). Confirm it with the patient and continue the reception with it.</source>
            <translation>The insurance asked about has ended, and the answer names the patient's new one (under "Other records"). Confirm it with the patient and continue the reception with it.</translation>
        </message>
        <message>
            <source>What was typed could not be recorded (see above). Open the document form again and correct it; the document itself was not judged.</source>
            <translation>What was typed could not be recorded (see above). Open the document form again and correct it; the document itself was not judged.</translation>
        </message>
        <message>
            <source>Ask for another document (eligibility certificate, or the card with the Mynaportal screen or the eligibility notice); the declaration of insured status is the last resort.</source>
            <translation>Ask for another document (eligibility certificate, or the card with the Mynaportal screen or the eligibility notice); the declaration of insured status is the last resort.</translation>
        </message>
        <message>
            <source>This reader cannot read My Number Cards (no extended APDU). Tell HQ, who also see it on the reader report; until it is replaced, confirm with a document.</source>
            <translation>This reader cannot read My Number Cards (no extended APDU). Tell HQ, who also see it on the reader report; until it is replaced, confirm with a document.</translation>
        </message>
        <message>
            <source>Check the reader's USB cable, then read the card again.</source>
            <translation>Check the reader's USB cable, then read the card again.</translation>
        </message>
        <message>
            <source>The online check could not be done. Confirm with the Mynaportal screen (or its PDF) or the eligibility notice, together with the card.</source>
            <translation>The online check could not be done. Confirm with the Mynaportal screen (or its PDF) or the eligibility notice, together with the card.</translation>
        </message>
        <message>
            <source>Start the check again.</source>
            <translation>Start the check again.</translation>
        </message>
        <message>
            <source>Next patient</source>
            <translation>Next patient</translation>
        </message>
        <message>
            <source>Read the card again</source>
            <translation>Read the card again</translation>
        </message>
        <message>
            <source>Read with the visual check</source>
            <translation>Read with the visual check</translation>
        </message>
        <message>
            <source>Read with the visual check (once)</source>
            <translation>Read with the visual check (once)</translation>
        </message>
        <message>
            <source>Confirm with a document (F6)</source>
            <translation>Confirm with a document (F6)</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::PinPadDialog</name>
        <message>
            <source>PIN entry</source>
            <translation>PIN entry</translation>
        </message>
        <message>
            <source>Please enter the 4-digit PIN of your My Number Card.</source>
            <translation>Please enter the 4-digit PIN of your My Number Card.</translation>
        </message>
        <message numerus="yes">
            <source>Tries left: %n</source>
            <translation>
                <numerusform>Tries left: %n</numerusform>
                <numerusform>Tries left: %n</numerusform>
            </translation>
        </message>
        <message>
            <source>Tries left: shown after the card is read</source>
            <translation>Tries left: shown after the card is read</translation>
        </message>
        <message>
            <source>Use the visual check instead</source>
            <translation>Use the visual check instead</translation>
        </message>
        <message>
            <source>Cancel (Esc)</source>
            <translation>Cancel (Esc)</translation>
        </message>
        <message>
            <source>OK (Enter)</source>
            <translation>OK (Enter)</translation>
        </message>
        <message>
            <source>Only one try is left. To keep the card from locking, the PIN cannot be used now. Staff will check your identity by the card's photo.</source>
            <translation>Only one try is left. To keep the card from locking, the PIN cannot be used now. Staff will check your identity by the card's photo.</translation>
        </message>
        <message>
            <source>Only one try is left. To keep the card from locking, the PIN cannot be used now. Staff will confirm your identity another way.</source>
            <translation>Only one try is left. To keep the card from locking, the PIN cannot be used now. Staff will confirm your identity another way.</translation>
        </message>
        <message>
            <source>The PIN is locked. It can be unlocked at the city office. Staff will check your identity by the card's photo.</source>
            <translation>The PIN is locked. It can be unlocked at the city office. Staff will check your identity by the card's photo.</translation>
        </message>
        <message>
            <source>The PIN is locked. It can be unlocked at the city office. Staff will confirm your identity another way.</source>
            <translation>The PIN is locked. It can be unlocked at the city office. Staff will confirm your identity another way.</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Delete</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::RecentModel</name>
        <message>
            <source>Checked at</source>
            <translation>Checked at</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>Identity</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>Route</translation>
        </message>
        <message>
            <source>Based on</source>
            <translation>Based on</translation>
        </message>
        <message>
            <source>Viewable until</source>
            <translation>Viewable until</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::RecheckDialog</name>
        <message>
            <source>Home visit: re-inquiry</source>
            <translation>Home visit: re-inquiry</translation>
        </message>
        <message>
            <source>For later visits of a regular home visit: enter the insured number taken at the first visit and the date of birth.</source>
            <translation>For later visits of a regular home visit: enter the insured number taken at the first visit and the date of birth.</translation>
        </message>
        <message>
            <source>&amp;Insurer number</source>
            <translation>&amp;Insurer number</translation>
        </message>
        <message>
            <source>&amp;Symbol</source>
            <translation>&amp;Symbol</translation>
        </message>
        <message>
            <source>&amp;Number</source>
            <translation>&amp;Number</translation>
        </message>
        <message>
            <source>&amp;Branch</source>
            <translation>&amp;Branch</translation>
        </message>
        <message>
            <source>&amp;Date of birth</source>
            <translation>&amp;Date of birth</translation>
        </message>
        <message>
            <source>Re-inquire</source>
            <translation>Re-inquire</translation>
        </message>
        <message>
            <source>Cancel (Esc)</source>
            <translation>Cancel (Esc)</translation>
        </message>
        <message>
            <source>Enter the insured number.</source>
            <translation>Enter the insured number.</translation>
        </message>
        <message>
            <source>Enter the date of birth.</source>
            <translation>Enter the date of birth.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::ResultCard</name>
        <message>
            <source>Patient</source>
            <translation>Patient</translation>
        </message>
        <message>
            <source>Insurance</source>
            <translation>Insurance</translation>
        </message>
        <message>
            <source>Other records</source>
            <translation>Other records</translation>
        </message>
        <message>
            <source>Medical aid (public assistance)</source>
            <translation>Medical aid (public assistance)</translation>
        </message>
        <message>
            <source>Document seen</source>
            <translation>Document seen</translation>
        </message>
        <message>
            <source>Check record</source>
            <translation>Check record</translation>
        </message>
        <message>
            <source>Details for support</source>
            <translation>Details for support</translation>
        </message>
        <message>
            <source>  Co-payment %1</source>
            <translation>  Co-payment %1</translation>
        </message>
        <message>
            <source>Coverage lost on %1 — reason: %2. Do not bill this insurer; ask the patient for their new insurance.</source>
            <translation>Coverage lost on %1 — reason: %2. Do not bill this insurer; ask the patient for their new insurance.</translation>
        </message>
        <message>
            <source>Coverage lost on %1 — reason: %2. Do not bill this insurer; the answer names the patient's other insurance under "Other records".</source>
            <translation>Coverage lost on %1 — reason: %2. Do not bill this insurer; the answer names the patient's other insurance under "Other records".</translation>
        </message>
        <message>
            <source>This coverage ends on %1 (reason: %2): until the day before, this insurer applies; from that day, ask the patient for their new insurance.</source>
            <translation>This coverage ends on %1 (reason: %2): until the day before, this insurer applies; from that day, ask the patient for their new insurance.</translation>
        </message>
        <message>
            <source>The name contains characters the system cannot show (● or 〓). Check the name on the card by eye before using it.</source>
            <translation>The name contains characters the system cannot show (● or 〓). Check the name on the card by eye before using it.</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>The service also names the patient's new insurance: %1, shown under "Other records". Confirm it with the patient and use it instead.</source>
            <translation>The service also names the patient's new insurance: %1, shown under "Other records". Confirm it with the patient and use it instead.</translation>
        </message>
        <message>
            <source>The patient is covered by more than one insurance at once (also: %1, shown under "Other records"). Ask the patient which one to use today.</source>
            <translation>The patient is covered by more than one insurance at once (also: %1, shown under "Other records"). Ask the patient which one to use today.</translation>
        </message>
        <message>
            <source>This answer came from the on-site terminal after the re-inquiry had timed out. It replaces the error shown then.</source>
            <translation>This answer came from the on-site terminal after the re-inquiry had timed out. It replaces the error shown then.</translation>
        </message>
        <message>
            <source>The card's certificate expired on %1 and is accepted only during the grace period. Ask the patient to renew it at the city office.</source>
            <translation>The card's certificate expired on %1 and is accepted only during the grace period. Ask the patient to renew it at the city office.</translation>
        </message>
        <message>
            <source>The insurer on the voucher (%1) does not match the patient's insurer.</source>
            <translation>The insurer on the voucher (%1) does not match the patient's insurer.</translation>
        </message>
        <message>
            <source>The medical aid voucher (医療券) ended on %1, before this check: it does not cover today. Ask the patient for the current voucher, or call the welfare office.</source>
            <translation>The medical aid voucher (医療券) ended on %1, before this check: it does not cover today. Ask the patient for the current voucher, or call the welfare office.</translation>
        </message>
        <message>
            <source>The medical aid voucher (医療券) is valid only from %1: it does not cover today. Ask the patient for the current voucher, or call the welfare office.</source>
            <translation>The medical aid voucher (医療券) is valid only from %1: it does not cover today. Ask the patient for the current voucher, or call the welfare office.</translation>
        </message>
        <message>
            <source>Medical aid (public assistance): payer %1, recipient %2</source>
            <translation>Medical aid (public assistance): payer %1, recipient %2</translation>
        </message>
        <message>
            <source>%1 / %2 / %3</source>
            <translation>%1 / %2 / %3</translation>
        </message>
        <message>
            <source>%1 – %2</source>
            <translation>%1 – %2</translation>
        </message>
        <message>
            <source>Insurer: %1 (%2)</source>
            <translation>Insurer: %1 (%2)</translation>
        </message>
        <message>
            <source>Symbol / number / branch: %1 / %2 / %3  %4  Co-payment %5</source>
            <translation>Symbol / number / branch: %1 / %2 / %3  %4  Co-payment %5</translation>
        </message>
        <message>
            <source>Valid from / to: %1 – %2</source>
            <translation>Valid from / to: %1 – %2</translation>
        </message>
        <message>
            <source>  (coverage lost on %1)</source>
            <translation>  (coverage lost on %1)</translation>
        </message>
        <message>
            <source> (ended before this check)</source>
            <translation> (ended before this check)</translation>
        </message>
        <message>
            <source> (not yet valid on this check)</source>
            <translation> (not yet valid on this check)</translation>
        </message>
        <message>
            <source>%1 / %2</source>
            <translation>%1 / %2</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Yes</translation>
        </message>
        <message>
            <source>No</source>
            <translation>No</translation>
        </message>
        <message>
            <source>%1 / %2 / %3 / %4</source>
            <translation>%1 / %2 / %3 / %4</translation>
        </message>
        <message>
            <source>Verified by the face-recognition card reader</source>
            <translation>Verified by the face-recognition card reader</translation>
        </message>
        <message>
            <source>PIN entered by the patient</source>
            <translation>PIN entered by the patient</translation>
        </message>
        <message>
            <source>Visual check of the face photo by staff</source>
            <translation>Visual check of the face photo by staff</translation>
        </message>
        <message>
            <source> (expired, in grace period)</source>
            <translation> (expired, in grace period)</translation>
        </message>
        <message>
            <source>matches</source>
            <translation>matches</translation>
        </message>
        <message>
            <source>does not match</source>
            <translation>does not match</translation>
        </message>
        <message>
            <source> (no extended APDU)</source>
            <translation> (no extended APDU)</translation>
        </message>
        <message>
            <source>Class %1</source>
            <translation>Class %1</translation>
        </message>
        <message>
            <source>%1 APDU / %2 ms</source>
            <translation>%1 APDU / %2 ms</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Name (kana)</source>
            <translation>Name (kana)</translation>
        </message>
        <message>
            <source>Sex</source>
            <translation>Sex</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Postal code</source>
            <translation>Postal code</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Insurer</source>
            <translation>Insurer</translation>
        </message>
        <message>
            <source>Insurer number</source>
            <translation>Insurer number</translation>
        </message>
        <message>
            <source>Symbol / number / branch</source>
            <translation>Symbol / number / branch</translation>
        </message>
        <message>
            <source>Co-payment</source>
            <translation>Co-payment</translation>
        </message>
        <message>
            <source>Valid from / to</source>
            <translation>Valid from / to</translation>
        </message>
        <message>
            <source>Coverage lost on</source>
            <translation>Coverage lost on</translation>
        </message>
        <message>
            <source>Reason of loss</source>
            <translation>Reason of loss</translation>
        </message>
        <message>
            <source>Insured / family</source>
            <translation>Insured / family</translation>
        </message>
        <message>
            <source>Coverage acquired</source>
            <translation>Coverage acquired</translation>
        </message>
        <message>
            <source>Insurance type</source>
            <translation>Insurance type</translation>
        </message>
        <message>
            <source>Card class</source>
            <translation>Card class</translation>
        </message>
        <message>
            <source>Payer number</source>
            <translation>Payer number</translation>
        </message>
        <message>
            <source>Recipient number</source>
            <translation>Recipient number</translation>
        </message>
        <message>
            <source>Designated institution</source>
            <translation>Designated institution</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>Document</translation>
        </message>
        <message>
            <source>Issued / expires</source>
            <translation>Issued / expires</translation>
        </message>
        <message>
            <source>Late-elderly card</source>
            <translation>Late-elderly card</translation>
        </message>
        <message>
            <source>Insurer / symbol / number</source>
            <translation>Insurer / symbol / number</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>Identity</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>Route</translation>
        </message>
        <message>
            <source>Based on</source>
            <translation>Based on</translation>
        </message>
        <message>
            <source>Checked at</source>
            <translation>Checked at</translation>
        </message>
        <message>
            <source>Card certificate expires</source>
            <translation>Card certificate expires</translation>
        </message>
        <message>
            <source>Insurer on the voucher</source>
            <translation>Insurer on the voucher</translation>
        </message>
        <message>
            <source>Reader</source>
            <translation>Reader</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>Card operations / time</source>
            <translation>Card operations / time</translation>
        </message>
        <message>
            <source>Certificate digest</source>
            <translation>Certificate digest</translation>
        </message>
        <message>
            <source>Record no.</source>
            <translation>Record no.</translation>
        </message>
        <message>
            <source>Reason-of-loss code</source>
            <translation>Reason-of-loss code</translation>
        </message>
        <message>
            <source>Reason id</source>
            <translation>Reason id</translation>
        </message>
        <message>
            <source>Check ID</source>
            <translation>Check ID</translation>
        </message>
        <message>
            <source>Card ATR</source>
            <translation>Card ATR</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::StationWindow</name>
        <message>
            <source>Checking the card and the PIN… keep the card on the reader (Esc to cancel)</source>
            <translation>Checking the card and the PIN… keep the card on the reader (Esc to cancel)</translation>
        </message>
        <message>
            <source>Reading the card… keep it on the reader (Esc to cancel)</source>
            <translation>Reading the card… keep it on the reader (Esc to cancel)</translation>
        </message>
        <message>
            <source>Place the card on the reader — reading… (Esc to cancel)</source>
            <translation>Place the card on the reader — reading… (Esc to cancel)</translation>
        </message>
        <message>
            <source>The terminal's service is not answering. Check the patient's documents by eye and continue; record them with F6 once it is back.</source>
            <translation>The terminal's service is not answering. Check the patient's documents by eye and continue; record them with F6 once it is back.</translation>
        </message>
        <message>
            <source>Connect the card reader, or confirm with a document (F6)</source>
            <translation>Connect the card reader, or confirm with a document (F6)</translation>
        </message>
        <message>
            <source>The card is still on the reader: hand it back to the patient (Enter checks this card again)</source>
            <translation>The card is still on the reader: hand it back to the patient (Enter checks this card again)</translation>
        </message>
        <message>
            <source>Next patient: place the card on the reader (Enter)</source>
            <translation>Next patient: place the card on the reader (Enter)</translation>
        </message>
        <message>
            <source>A card is on the reader. Press Enter to start the check</source>
            <translation>A card is on the reader. Press Enter to start the check</translation>
        </message>
        <message>
            <source>Place the card on the reader</source>
            <translation>Place the card on the reader</translation>
        </message>
        <message>
            <source>The check is done. Read the notes below before you continue with the patient's reception.</source>
            <translation>The check is done. Read the notes below before you continue with the patient's reception.</translation>
        </message>
        <message>
            <source>A late answer to a re-inquiry has arrived (checked %1).</source>
            <translation>A late answer to a re-inquiry has arrived (checked %1).</translation>
        </message>
        <message>
            <source>A new result has arrived from the face-recognition card reader (checked %1).</source>
            <translation>A new result has arrived from the face-recognition card reader (checked %1).</translation>
        </message>
        <message>
            <source>A past check (checked %1). Esc returns to the counter.</source>
            <translation>A past check (checked %1). Esc returns to the counter.</translation>
        </message>
        <message>
            <source>Kakunin Station — eligibility check</source>
            <translation>Kakunin Station — eligibility check</translation>
        </message>
        <message>
            <source>This terminal's checks (viewable until the end of next month) — F8, Enter to open</source>
            <translation>This terminal's checks (viewable until the end of next month) — F8, Enter to open</translation>
        </message>
        <message>
            <source>Connecting to the check service…</source>
            <translation>Connecting to the check service…</translation>
        </message>
        <message>
            <source>Identity (F3):</source>
            <translation>Identity (F3):</translation>
        </message>
        <message>
            <source>Visual check</source>
            <translation>Visual check</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>&amp;Route (F4):</source>
            <translation>&amp;Route (F4):</translation>
        </message>
        <message>
            <source>Start check (Enter)</source>
            <translation>Start check (Enter)</translation>
        </message>
        <message>
            <source>Document (F6)</source>
            <translation>Document (F6)</translation>
        </message>
        <message>
            <source>Home-visit re-inquiry (F7)</source>
            <translation>Home-visit re-inquiry (F7)</translation>
        </message>
        <message>
            <source>(HQ default: %1)</source>
            <translation>(HQ default: %1)</translation>
        </message>
        <message>
            <source>(set by HQ)</source>
            <translation>(set by HQ)</translation>
        </message>
        <message>
            <source>No card reader is connected. Check the USB cable.</source>
            <translation>No card reader is connected. Check the USB cable.</translation>
        </message>
        <message>
            <source>Reader: %1 — not usable (no extended APDU)</source>
            <translation>Reader: %1 — not usable (no extended APDU)</translation>
        </message>
        <message>
            <source>Reader: %1 — card placed</source>
            <translation>Reader: %1 — card placed</translation>
        </message>
        <message>
            <source>Reader: %1 — reading…</source>
            <translation>Reader: %1 — reading…</translation>
        </message>
        <message>
            <source>Reader: %1 — ready</source>
            <translation>Reader: %1 — ready</translation>
        </message>
        <message>
            <source>HQ: connected — results kept here</source>
            <translation>HQ: connected — results kept here</translation>
        </message>
        <message>
            <source>HQ: connected</source>
            <translation>HQ: connected</translation>
        </message>
        <message>
            <source>HQ: waiting for approval</source>
            <translation>HQ: waiting for approval</translation>
        </message>
        <message>
            <source>HQ: terminal revoked</source>
            <translation>HQ: terminal revoked</translation>
        </message>
        <message>
            <source>HQ: certificate replaced</source>
            <translation>HQ: certificate replaced</translation>
        </message>
        <message>
            <source>HQ: terminal not registered</source>
            <translation>HQ: terminal not registered</translation>
        </message>
        <message>
            <source>HQ: offline</source>
            <translation>HQ: offline</translation>
        </message>
        <message>
            <source>Results waiting to be sent: %1</source>
            <translation>Results waiting to be sent: %1</translation>
        </message>
        <message>
            <source>This terminal is waiting for HQ's approval. Tell HQ the verification code.</source>
            <translation>This terminal is waiting for HQ's approval. Tell HQ the verification code.</translation>
        </message>
        <message>
            <source>This terminal is waiting for HQ's approval. Tell HQ the verification code: %1.</source>
            <translation>This terminal is waiting for HQ's approval. Tell HQ the verification code: %1.</translation>
        </message>
        <message>
            <source>HQ's server is older than this terminal, so results are kept here and not sent yet. Checks go on as usual. Ask HQ to update its server. Waiting to be sent: %1.</source>
            <translation>HQ's server is older than this terminal, so results are kept here and not sent yet. Checks go on as usual. Ask HQ to update its server. Waiting to be sent: %1.</translation>
        </message>
        <message>
            <source>HQ has revoked this terminal. Results will not be sent. Contact HQ.</source>
            <translation>HQ has revoked this terminal. Results will not be sent. Contact HQ.</translation>
        </message>
        <message>
            <source>HQ replaced this terminal's certificate with a newer one (this PC may have been put back to an older backup, or copied). Results are kept on this terminal but not sent. Contact HQ. Waiting to be sent: %1.</source>
            <translation>HQ replaced this terminal's certificate with a newer one (this PC may have been put back to an older backup, or copied). Results are kept on this terminal but not sent. Contact HQ. Waiting to be sent: %1.</translation>
        </message>
        <message>
            <source>HQ has no record of this terminal (HQ's data may have been restored from a backup taken before it was enrolled). Results are kept on this terminal and are not sent until it is enrolled again. Contact HQ to enroll it again. Waiting to be sent: %1.</source>
            <translation>HQ has no record of this terminal (HQ's data may have been restored from a backup taken before it was enrolled). Results are kept on this terminal and are not sent until it is enrolled again. Contact HQ to enroll it again. Waiting to be sent: %1.</translation>
        </message>
        <message>
            <source>Not connected to HQ. Checks go on as usual: results are saved on this terminal and sent automatically when the connection returns. Waiting to be sent: %1.</source>
            <translation>Not connected to HQ. Checks go on as usual: results are saved on this terminal and sent automatically when the connection returns. Waiting to be sent: %1.</translation>
        </message>
        <message>
            <source>%1 results are waiting to be sent — more than usual. Check the network cable and tell HQ. Nothing is lost; keep checking.</source>
            <translation>%1 results are waiting to be sent — more than usual. Check the network cable and tell HQ. Nothing is lost; keep checking.</translation>
        </message>
        <message numerus="yes">
            <source>%n days</source>
            <translation>
                <numerusform>%n day</numerusform>
                <numerusform>%n days</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n hours</source>
            <translation>
                <numerusform>%n hour</numerusform>
                <numerusform>%n hours</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n minutes</source>
            <translation>
                <numerusform>%n minute</numerusform>
                <numerusform>%n minutes</numerusform>
            </translation>
        </message>
        <message>
            <source>This PC's clock is %1 ahead of HQ's. Checks are dated by it, and HQ may refuse them. Keep checking, and ask your administrator to set the clock.</source>
            <translation>This PC's clock is %1 ahead of HQ's. Checks are dated by it, and HQ may refuse them. Keep checking, and ask your administrator to set the clock.</translation>
        </message>
        <message>
            <source>This PC's clock is %1 behind HQ's. Checks are dated by it, and HQ may refuse them. Keep checking, and ask your administrator to set the clock.</source>
            <translation>This PC's clock is %1 behind HQ's. Checks are dated by it, and HQ may refuse them. Keep checking, and ask your administrator to set the clock.</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>the disk is full</translation>
        </message>
        <message>
            <source>another program holds the results file</source>
            <translation>another program holds the results file</translation>
        </message>
        <message>
            <source>the results file is damaged</source>
            <translation>the results file is damaged</translation>
        </message>
        <message>
            <source>the results file cannot be read</source>
            <translation>the results file cannot be read</translation>
        </message>
        <message>
            <source>the results file cannot be written</source>
            <translation>the results file cannot be written</translation>
        </message>
        <message numerus="yes">
            <source>%n check(s) could not be saved on this terminal (%1). The results on the screen are valid, and this terminal keeps trying to save them. Do not shut it down; call your administrator.</source>
            <translation>
                <numerusform>%n check(s) could not be saved on this terminal (%1). The results on the screen are valid, and this terminal keeps trying to save them. Do not shut it down; call your administrator.</numerusform>
            </translation>
        </message>
        <message>
            <source>The saved results cannot be read (%1), so none is sent to HQ. They are kept on this terminal; keep checking, and call your administrator.</source>
            <translation>The saved results cannot be read (%1), so none is sent to HQ. They are kept on this terminal; keep checking, and call your administrator.</translation>
        </message>
        <message>
            <source>The results file of this terminal was damaged and has been repaired: the results that could still be read were moved to a new file, and the damaged file is kept for support. Checks continue; tell your administrator.</source>
            <translation>The results file of this terminal was damaged and has been repaired: the results that could still be read were moved to a new file, and the damaged file is kept for support. Checks continue; tell your administrator.</translation>
        </message>
        <message numerus="yes">
            <source>%n result(s) could not be read, and are not sent to HQ.</source>
            <translation>
                <numerusform>%n result(s) could not be read, and are not sent to HQ.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>HQ did not accept %n result(s) of the last 30 days. They can still be viewed on this terminal. Tell HQ.</source>
            <translation>
                <numerusform>HQ did not accept %n result(s) of the last 30 days. They can still be viewed on this terminal. Tell HQ.</numerusform>
            </translation>
        </message>
        <message>
            <source>This terminal's certificate has expired: results cannot be sent to HQ (they are kept here) — contact HQ</source>
            <translation>This terminal's certificate has expired: results cannot be sent to HQ (they are kept here) — contact HQ</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal's certificate has expired: online eligibility checks cannot be made — contact HQ, and confirm eligibility with documents such as the 資格確認書</source>
            <translation>The on-site eligibility terminal's certificate has expired: online eligibility checks cannot be made — contact HQ, and confirm eligibility with documents such as the 資格確認書</translation>
        </message>
        <message>
            <source>This terminal's certificate expires today — contact HQ</source>
            <translation>This terminal's certificate expires today — contact HQ</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal's certificate expires today — contact HQ</source>
            <translation>The on-site eligibility terminal's certificate expires today — contact HQ</translation>
        </message>
        <message>
            <source>This terminal's certificate expires in %1 days — contact HQ</source>
            <translation>This terminal's certificate expires in %1 days — contact HQ</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal's certificate expires in %1 days — contact HQ</source>
            <translation>The on-site eligibility terminal's certificate expires in %1 days — contact HQ</translation>
        </message>
        <message>
            <source> (reconnecting automatically)</source>
            <translation> (reconnecting automatically)</translation>
        </message>
        <message>
            <source>Check service: not reachable</source>
            <translation>Check service: not reachable</translation>
        </message>
    </context>
</TS>
