<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>kakunin::console::ApproveDeviceDialog</name>
        <message>
            <source>Approve terminal</source>
            <translation>Approve terminal</translation>
        </message>
        <message>
            <source>Ask the branch to read the verification code on the terminal&apos;s screen. Approve only if it is exactly the code below.</source>
            <translation>Ask the branch to read the verification code on the terminal&apos;s screen. Approve only if it is exactly the code below.</translation>
        </message>
        <message>
            <source>Verification code</source>
            <translation>Verification code</translation>
        </message>
        <message>
            <source>The terminal shows this same &amp;code</source>
            <translation>The terminal shows this same &amp;code</translation>
        </message>
        <message>
            <source>&amp;Approve</source>
            <translation>&amp;Approve</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DevicesModel</name>
        <message>
            <source>Cut off</source>
            <translation>Cut off</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message>
            <source>Never</source>
            <translation>Never</translation>
        </message>
        <message>
            <source>No reader</source>
            <translation>No reader</translation>
        </message>
        <message>
            <source>Supported</source>
            <translation>Supported</translation>
        </message>
        <message>
            <source>Not supported</source>
            <translation>Not supported</translation>
        </message>
        <message>
            <source>Reason: %1</source>
            <translation>Reason: %1</translation>
        </message>
        <message>
            <source>Terminal ID</source>
            <translation>Terminal ID</translation>
        </message>
        <message>
            <source>Terminal name</source>
            <translation>Terminal name</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Connection</source>
            <translation>Connection</translation>
        </message>
        <message>
            <source>Last seen</source>
            <translation>Last seen</translation>
        </message>
        <message>
            <source>Card reader</source>
            <translation>Card reader</translation>
        </message>
        <message>
            <source>Extended APDU</source>
            <translation>Extended APDU</translation>
        </message>
        <message>
            <source>Agent version</source>
            <translation>Agent version</translation>
        </message>
        <message>
            <source>Certificate expires</source>
            <translation>Certificate expires</translation>
        </message>
        <message>
            <source>Unsent results</source>
            <translation>Unsent results</translation>
        </message>
        <message>
            <source>Eligibility route</source>
            <translation>Eligibility route</translation>
        </message>
        <message>
            <source>Reader and results</source>
            <translation>Reader and results</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::EnrollmentTokenDialog</name>
        <message>
            <source>Issue enrollment token</source>
            <translation>Issue enrollment token</translation>
        </message>
        <message>
            <source>A token lets one terminal join the chosen site. It can be used once and is shown only now.</source>
            <translation>A token lets one terminal join the chosen site. It can be used once and is shown only now.</translation>
        </message>
        <message>
            <source>1 hour</source>
            <translation>1 hour</translation>
        </message>
        <message>
            <source>24 hours</source>
            <translation>24 hours</translation>
        </message>
        <message>
            <source>7 days</source>
            <translation>7 days</translation>
        </message>
        <message>
            <source>&amp;Site</source>
            <translation>&amp;Site</translation>
        </message>
        <message>
            <source>&amp;Valid for</source>
            <translation>&amp;Valid for</translation>
        </message>
        <message>
            <source>&amp;Issue</source>
            <translation>&amp;Issue</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Enrollment token</source>
            <translation>Enrollment token</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>&amp;Copy</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Valid until %1</source>
            <translation>Valid until %1</translation>
        </message>
        <message>
            <source>Enrollment bundle (the same as the QR code)</source>
            <translation>Enrollment bundle (the same as the QR code)</translation>
        </message>
        <message>
            <source>Copy &amp;bundle</source>
            <translation>Copy &amp;bundle</translation>
        </message>
        <message>
            <source>On the terminal, scan the QR code, or paste the bundle:
kakunin-agent enroll --bundle &apos;&lt;bundle&gt;&apos;

This token is shown only once and works for one terminal. Then compare the verification code the terminal shows before approving it.</source>
            <translation>On the terminal, scan the QR code, or paste the bundle:
kakunin-agent enroll --bundle &apos;&lt;bundle&gt;&apos;

This token is shown only once and works for one terminal. Then compare the verification code the terminal shows before approving it.</translation>
        </message>
        <message>
            <source>The QR code could not be drawn. Copy the enrollment bundle below and paste it on the terminal.</source>
            <translation>The QR code could not be drawn. Copy the enrollment bundle below and paste it on the terminal.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ErrorText</name>
        <message>
            <source>Too many failed logins from this computer or for this user. Wait a minute and try again.</source>
            <translation>Too many failed logins from this computer or for this user. Wait a minute and try again.</translation>
        </message>
        <message>
            <source>Many logins are being checked right now. Try again in a moment.</source>
            <translation>Many logins are being checked right now. Try again in a moment.</translation>
        </message>
        <message>
            <source>The user name or password cannot be right (too long, or with characters no account has).</source>
            <translation>The user name or password cannot be right (too long, or with characters no account has).</translation>
        </message>
        <message>
            <source>The period is not valid: check that it starts before it ends.</source>
            <translation>The period is not valid: check that it starts before it ends.</translation>
        </message>
        <message>
            <source>The list could not be continued. Search again from the first page.</source>
            <translation>The list could not be continued. Search again from the first page.</translation>
        </message>
        <message>
            <source>The search conditions are not valid. Change them and search again.</source>
            <translation>The search conditions are not valid. Change them and search again.</translation>
        </message>
        <message>
            <source>The patient details of this check cannot be opened: they were moved or damaged in the database. Tell the system administrator.</source>
            <translation>The patient details of this check cannot be opened: they were moved or damaged in the database. Tell the system administrator.</translation>
        </message>
        <message>
            <source>Enter the telephone number in half-width digits only, without hyphens (10 or 11 digits).</source>
            <translation>Enter the telephone number in half-width digits only, without hyphens (10 or 11 digits).</translation>
        </message>
        <message>
            <source>A site field is too long or contains characters that cannot be stored. Check the entries.</source>
            <translation>A site field is too long or contains characters that cannot be stored. Check the entries.</translation>
        </message>
        <message>
            <source>Wrong user name or password.</source>
            <translation>Wrong user name or password.</translation>
        </message>
        <message>
            <source>This account is locked after repeated failures. Try again later.</source>
            <translation>This account is locked after repeated failures. Try again later.</translation>
        </message>
        <message>
            <source>This account is disabled. Ask an HQ administrator.</source>
            <translation>This account is disabled. Ask an HQ administrator.</translation>
        </message>
        <message>
            <source>Your session has expired. Please log in again.</source>
            <translation>Your session has expired. Please log in again.</translation>
        </message>
        <message>
            <source>The verification code does not match the terminal&apos;s. Do not approve: the terminal may have enrolled again. Refresh the list and compare the code with the branch.</source>
            <translation>The verification code does not match the terminal&apos;s. Do not approve: the terminal may have enrolled again. Refresh the list and compare the code with the branch.</translation>
        </message>
        <message>
            <source>This terminal is revoked and cannot be approved. Issue a new enrollment token and enroll it again.</source>
            <translation>This terminal is revoked and cannot be approved. Issue a new enrollment token and enroll it again.</translation>
        </message>
        <message>
            <source>Enter the reason for revoking the terminal.</source>
            <translation>Enter the reason for revoking the terminal.</translation>
        </message>
        <message>
            <source>This terminal no longer exists on the server. Refresh the list.</source>
            <translation>This terminal no longer exists on the server. Refresh the list.</translation>
        </message>
        <message>
            <source>The site does not exist on the server. Refresh the site list and try again.</source>
            <translation>The site does not exist on the server. Refresh the site list and try again.</translation>
        </message>
        <message>
            <source>Enter the site ID and the institution name.</source>
            <translation>Enter the site ID and the institution name.</translation>
        </message>
        <message>
            <source>The server cannot reach its database. Try again in a few minutes; if it goes on, contact the system administrator.</source>
            <translation>The server cannot reach its database. Try again in a few minutes; if it goes on, contact the system administrator.</translation>
        </message>
        <message>
            <source>Cannot reach the server. Check the address and the network.</source>
            <translation>Cannot reach the server. Check the address and the network.</translation>
        </message>
        <message>
            <source>The server did not answer in time. Check the network and try again.</source>
            <translation>The server did not answer in time. Check the network and try again.</translation>
        </message>
        <message>
            <source>The re-view window (until the end of the month after the check) has passed: patient details can no longer be shown.</source>
            <translation>The re-view window (until the end of the month after the check) has passed: patient details can no longer be shown.</translation>
        </message>
        <message>
            <source>This check belongs to a site outside your scope.</source>
            <translation>This check belongs to a site outside your scope.</translation>
        </message>
        <message>
            <source>Auditors see the audit log, not check results.</source>
            <translation>Auditors see the audit log, not check results.</translation>
        </message>
        <message>
            <source>The folder route needs both the request folder (req) and the answer folder (res) of the eligibility terminal.</source>
            <translation>The folder route needs both the request folder (req) and the answer folder (res) of the eligibility terminal.</translation>
        </message>
        <message>
            <source>Enter each folder as a full path: %1, %2 or %3 (at most 260 bytes, without ".." or control characters).</source>
            <translation>Enter each folder as a full path: %1, %2 or %3 (at most 260 bytes, without ".." or control characters).</translation>
        </message>
        <message>
            <source>The request folder and the answer folder must be two different folders.</source>
            <translation>The request folder and the answer folder must be two different folders.</translation>
        </message>
        <message>
            <source>The answer timeout must be 1 to 120 seconds.</source>
            <translation>The answer timeout must be 1 to 120 seconds.</translation>
        </message>
        <message>
            <source>The institution code in the header has 10 half-width digits (leave it blank to use the site&apos;s code).</source>
            <translation>The institution code in the header has 10 half-width digits (leave it blank to use the site&apos;s code).</translation>
        </message>
        <message>
            <source>A hand-off folder is used only with the online eligibility service (API): with the terminal&apos;s folders, the receipt computer already reads the terminal&apos;s answers.</source>
            <translation>A hand-off folder is used only with the online eligibility service (API): with the terminal&apos;s folders, the receipt computer already reads the terminal&apos;s answers.</translation>
        </message>
        <message>
            <source>These route settings do not fit together (for example folders with the API route, or other settings on a terminal that follows its site). Check the entries.</source>
            <translation>These route settings do not fit together (for example folders with the API route, or other settings on a terminal that follows its site). Check the entries.</translation>
        </message>
        <message>
            <source>Enter a user name.</source>
            <translation>Enter a user name.</translation>
        </message>
        <message>
            <source>A user name has at most 64 bytes (about 21 full-width characters) and no control characters.</source>
            <translation>A user name has at most 64 bytes (about 21 full-width characters) and no control characters.</translation>
        </message>
        <message>
            <source>The programme does not accept claims yet on that filing date. Check the filing date and the programme&apos;s opening date.</source>
            <translation>The programme does not accept claims yet on that filing date. Check the filing date and the programme&apos;s opening date.</translation>
        </message>
        <message>
            <source>The filing date is after today.</source>
            <translation>The filing date is after today.</translation>
        </message>
        <message>
            <source>The day&apos;s summary has not been made yet. Look again after the summary time.</source>
            <translation>The day&apos;s summary has not been made yet. Look again after the summary time.</translation>
        </message>
        <message>
            <source>Could not save the export file: the destination is not writable, or the disk is full. Choose another folder.</source>
            <translation>Could not save the export file: the destination is not writable, or the disk is full. Choose another folder.</translation>
        </message>
        <message>
            <source>The server could not complete the operation. Try again later; if it goes on, contact the system administrator.</source>
            <translation>The server could not complete the operation. Try again later; if it goes on, contact the system administrator.</translation>
        </message>
        <message>
            <source>The server did not accept a value (out of range or in the wrong form). Check the entries.</source>
            <translation>The server did not accept a value (out of range or in the wrong form). Check the entries.</translation>
        </message>
        <message>
            <source>The server does not support this function. Update the server.</source>
            <translation>The server does not support this function. Update the server.</translation>
        </message>
        <message>
            <source>The data is too large, or the server is busy. Narrow the search or use a smaller file, and try again later; if it goes on, contact the system administrator.</source>
            <translation>The data is too large, or the server is busy. Narrow the search or use a smaller file, and try again later; if it goes on, contact the system administrator.</translation>
        </message>
        <message>
            <source>The server did not accept this operation. Check the entries; if it goes on, contact the system administrator.</source>
            <translation>The server did not accept this operation. Check the entries; if it goes on, contact the system administrator.</translation>
        </message>
        <message>
            <source>You may not do this: your role, or the stores you are responsible for, do not allow it. Ask an HQ administrator.</source>
            <translation>You may not do this: your role, or the stores you are responsible for, do not allow it. Ask an HQ administrator.</translation>
        </message>
        <message>
            <source>This store or terminal is outside the stores you are responsible for. Refresh the list, or ask an HQ administrator.</source>
            <translation>This store or terminal is outside the stores you are responsible for. Refresh the list, or ask an HQ administrator.</translation>
        </message>
        <message>
            <source>The server&apos;s certificate cannot be verified. Give the console HQ&apos;s CA certificate (ca.pem): place it at /etc/kakunin/ca.pem, or start the console with --ca FILE.</source>
            <translation>The server&apos;s certificate cannot be verified. Give the console HQ&apos;s CA certificate (ca.pem): place it at /etc/kakunin/ca.pem, or start the console with --ca FILE.</translation>
        </message>
        <message>
            <source>The server&apos;s database did not answer in time, so the operation was cancelled. Try again in a few minutes; for a search, narrow the period or the conditions.</source>
            <translation>The server&apos;s database did not answer in time, so the operation was cancelled. Try again in a few minutes; for a search, narrow the period or the conditions.</translation>
        </message>
        <message>
            <source>This check is no longer on the server (its retention period may have ended). Refresh the list.</source>
            <translation>This check is no longer on the server (its retention period may have ended). Refresh the list.</translation>
        </message>
        <message>
            <source>This user no longer exists on the server. Refresh the list.</source>
            <translation>This user no longer exists on the server. Refresh the list.</translation>
        </message>
        <message>
            <source>Someone else is verifying the audit log right now. Try again when it has finished.</source>
            <translation>Someone else is verifying the audit log right now. Try again when it has finished.</translation>
        </message>
        <message>
            <source>Too many changes in a short time. Wait a minute, then try again.</source>
            <translation>Too many changes in a short time. Wait a minute, then try again.</translation>
        </message>
        <message>
            <source>A display name has at most 200 bytes (about 66 full-width characters), on one line without control characters.</source>
            <translation>A display name has at most 200 bytes (about 66 full-width characters), on one line without control characters.</translation>
        </message>
        <message>
            <source>The reason for revoking has at most 1,000 bytes (about 330 full-width characters), on one line without control characters.</source>
            <translation>The reason for revoking has at most 1,000 bytes (about 330 full-width characters), on one line without control characters.</translation>
        </message>
        <message>
            <source>Too many of your requests are running at once. Wait for them to finish, then try again.</source>
            <translation>Too many of your requests are running at once. Wait for them to finish, then try again.</translation>
        </message>
        <message>
            <source>Your other requests that are still running are using all the database connections one user may use at once, so this one was cancelled after waiting. Wait for them to finish, then try again.</source>
            <translation>Your other requests that are still running are using all the database connections one user may use at once, so this one was cancelled after waiting. Wait for them to finish, then try again.</translation>
        </message>
        <message>
            <source>The server did not accept the request: an entry is too long, a list has too many items, or an ID contains characters it cannot have. Check the entries and try again.</source>
            <translation>The server did not accept the request: an entry is too long, a list has too many items, or an ID contains characters it cannot have. Check the entries and try again.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::Labels</name>
        <message>
            <source>Pharmacy</source>
            <translation>Pharmacy</translation>
        </message>
        <message>
            <source>Large chain pharmacy</source>
            <translation>Large chain pharmacy</translation>
        </message>
        <message>
            <source>Clinic</source>
            <translation>Clinic</translation>
        </message>
        <message>
            <source>Hospital</source>
            <translation>Hospital</translation>
        </message>
        <message>
            <source>Health-check institution</source>
            <translation>Health-check institution</translation>
        </message>
        <message>
            <source>Midwife clinic</source>
            <translation>Midwife clinic</translation>
        </message>
        <message>
            <source>Exempt (paper claims)</source>
            <translation>Exempt (paper claims)</translation>
        </message>
        <message>
            <source>Awaiting approval</source>
            <translation>Awaiting approval</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Revoked</source>
            <translation>Revoked</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>(1) System vendor not ready</source>
            <translation>(1) System vendor not ready</translation>
        </message>
        <message>
            <source>(2) No fibre line</source>
            <translation>(2) No fibre line</translation>
        </message>
        <message>
            <source>(3) Home visits only</source>
            <translation>(3) Home visits only</translation>
        </message>
        <message>
            <source>(4) Rebuilding / temporary facility</source>
            <translation>(4) Rebuilding / temporary facility</translation>
        </message>
        <message>
            <source>(5) Closing or suspending</source>
            <translation>(5) Closing or suspending</translation>
        </message>
        <message>
            <source>(6) Other special difficulty</source>
            <translation>(6) Other special difficulty</translation>
        </message>
        <message>
            <source>None</source>
            <translation>None</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>Visual check</source>
            <translation>Visual check</translation>
        </message>
        <message>
            <source>Not set</source>
            <translation>Not set</translation>
        </message>
        <message>
            <source>yyyy-MM-dd HH:mm</source>
            <extracomment>Date-and-time format for QDateTime::toString; Japanese style in the ja translation.</extracomment>
            <translation>yyyy-MM-dd HH:mm</translation>
        </message>
        <message>
            <source>yyyy-MM-dd</source>
            <extracomment>Date format for QDate::toString; Japanese style in the ja translation.</extracomment>
            <translation>yyyy-MM-dd</translation>
        </message>
        <message>
            <source>Check recorded</source>
            <translation>Check recorded</translation>
        </message>
        <message>
            <source>Check refused</source>
            <translation>Check refused</translation>
        </message>
        <message>
            <source>Terminal enrolled</source>
            <translation>Terminal enrolled</translation>
        </message>
        <message>
            <source>Terminal approved</source>
            <translation>Terminal approved</translation>
        </message>
        <message>
            <source>Terminal revoked</source>
            <translation>Terminal revoked</translation>
        </message>
        <message>
            <source>Terminal status changed</source>
            <translation>Terminal status changed</translation>
        </message>
        <message>
            <source>Terminal certificate renewed</source>
            <translation>Terminal certificate renewed</translation>
        </message>
        <message>
            <source>Login</source>
            <translation>Login</translation>
        </message>
        <message>
            <source>Failed login</source>
            <translation>Failed login</translation>
        </message>
        <message>
            <source>Account locked</source>
            <translation>Account locked</translation>
        </message>
        <message>
            <source>User created</source>
            <translation>User created</translation>
        </message>
        <message>
            <source>Site saved</source>
            <translation>Site saved</translation>
        </message>
        <message>
            <source>Patient data deleted (retention)</source>
            <translation>Patient data deleted (retention)</translation>
        </message>
        <message>
            <source>Audit log exported</source>
            <translation>Audit log exported</translation>
        </message>
        <message>
            <source>The content of this record was changed after it was written.</source>
            <translation>The content of this record was changed after it was written.</translation>
        </message>
        <message>
            <source>The record does not follow on from the one before: records were deleted, inserted or moved.</source>
            <translation>The record does not follow on from the one before: records were deleted, inserted or moved.</translation>
        </message>
        <message>
            <source>Records are missing from here on.</source>
            <translation>Records are missing from here on.</translation>
        </message>
        <message>
            <source>A record with this number appears twice: a record was added or copied.</source>
            <translation>A record with this number appears twice: a record was added or copied.</translation>
        </message>
        <message>
            <source>A signed checkpoint has a signature that does not verify.</source>
            <translation>A signed checkpoint has a signature that does not verify.</translation>
        </message>
        <message>
            <source>A signed checkpoint was signed with a key the server does not trust.</source>
            <translation>A signed checkpoint was signed with a key the server does not trust.</translation>
        </message>
        <message>
            <source>A signed checkpoint is dated in the future.</source>
            <translation>A signed checkpoint is dated in the future.</translation>
        </message>
        <message>
            <source>A signed checkpoint covers records that no longer exist: the newest records were deleted.</source>
            <translation>A signed checkpoint covers records that no longer exist: the newest records were deleted.</translation>
        </message>
        <message>
            <source>History up to this record was rewritten after a checkpoint was signed.</source>
            <translation>History up to this record was rewritten after a checkpoint was signed.</translation>
        </message>
        <message>
            <source>A record&apos;s time is well before the previous record&apos;s (warning).</source>
            <translation>A record&apos;s time is well before the previous record&apos;s (warning).</translation>
        </message>
        <message>
            <source>yyyy-MM-dd HH:mm:ss</source>
            <extracomment>Date-and-time format with seconds for QDateTime::toString; Japanese style in ja.</extracomment>
            <translation>yyyy-MM-dd HH:mm:ss</translation>
        </message>
        <message>
            <source>Enrollment token issued</source>
            <translation>Enrollment token issued</translation>
        </message>
        <message>
            <source>User changed</source>
            <translation>User changed</translation>
        </message>
        <message>
            <source>Face-recognition card reader</source>
            <translation>Face-recognition card reader</translation>
        </message>
        <message>
            <source>Terminal folders (%1 → %2)</source>
            <translation>Terminal folders (%1 → %2)</translation>
        </message>
        <message>
            <source>API, hand-off to %1</source>
            <translation>API, hand-off to %1</translation>
        </message>
        <message>
            <source>API</source>
            <translation>API</translation>
        </message>
        <message>
            <source>Follows the site (%1)</source>
            <translation>Follows the site (%1)</translation>
        </message>
        <message>
            <source>The card&apos;s PIN could not be confirmed.</source>
            <translation>The card&apos;s PIN could not be confirmed.</translation>
        </message>
        <message>
            <source>The card&apos;s PIN is locked.</source>
            <translation>The card&apos;s PIN is locked.</translation>
        </message>
        <message>
            <source>The card reader does not support extended APDUs.</source>
            <translation>The card reader does not support extended APDUs.</translation>
        </message>
        <message>
            <source>The card reader was not connected.</source>
            <translation>The card reader was not connected.</translation>
        </message>
        <message>
            <source>No card on the reader, or it was taken off too early.</source>
            <translation>No card on the reader, or it was taken off too early.</translation>
        </message>
        <message>
            <source>The card is not a My Number Card.</source>
            <translation>The card is not a My Number Card.</translation>
        </message>
        <message>
            <source>The card or the card reader could not be read.</source>
            <translation>The card or the card reader could not be read.</translation>
        </message>
        <message>
            <source>The online eligibility service did not give an answer.</source>
            <translation>The online eligibility service did not give an answer.</translation>
        </message>
        <message>
            <source>The document shown was not accepted.</source>
            <translation>The document shown was not accepted.</translation>
        </message>
        <message>
            <source>HQ did not accept the terminal&apos;s record.</source>
            <translation>HQ did not accept the terminal&apos;s record.</translation>
        </message>
        <message>
            <source>The check did not complete.</source>
            <translation>The check did not complete.</translation>
        </message>
        <message>
            <source>Check refused (unusable sequence number)</source>
            <translation>Check refused (unusable sequence number)</translation>
        </message>
        <message>
            <source>One visual check allowed</source>
            <translation>One visual check allowed</translation>
        </message>
        <message>
            <source>Visual check permission not accepted</source>
            <translation>Visual check permission not accepted</translation>
        </message>
        <message>
            <source>Terminal route changed</source>
            <translation>Terminal route changed</translation>
        </message>
        <message>
            <source>Terminal enrollment refused</source>
            <translation>Terminal enrollment refused</translation>
        </message>
        <message>
            <source>Login attempts held back</source>
            <translation>Login attempts held back</translation>
        </message>
        <message>
            <source>Login to a locked account</source>
            <translation>Login to a locked account</translation>
        </message>
        <message>
            <source>Site imported (CSV)</source>
            <translation>Site imported (CSV)</translation>
        </message>
        <message>
            <source>Eligibility terminal&apos;s certificate recorded</source>
            <translation>Eligibility terminal&apos;s certificate recorded</translation>
        </message>
        <message>
            <source>Onboarding stage saved</source>
            <translation>Onboarding stage saved</translation>
        </message>
        <message>
            <source>Subsidy claim created</source>
            <translation>Subsidy claim created</translation>
        </message>
        <message>
            <source>Subsidy claim changed</source>
            <translation>Subsidy claim changed</translation>
        </message>
        <message>
            <source>Subsidy claim state changed</source>
            <translation>Subsidy claim state changed</translation>
        </message>
        <message>
            <source>Receipt uploaded</source>
            <translation>Receipt uploaded</translation>
        </message>
        <message>
            <source>Subsidy programme saved</source>
            <translation>Subsidy programme saved</translation>
        </message>
        <message>
            <source>Subsidy programmes loaded from file</source>
            <translation>Subsidy programmes loaded from file</translation>
        </message>
        <message>
            <source>Missing sequence numbers closed (results no longer on the terminal)</source>
            <translation>Missing sequence numbers closed (results no longer on the terminal)</translation>
        </message>
        <message>
            <source>Receipt deleted</source>
            <translation>Receipt deleted</translation>
        </message>
        <message>
            <source>Restored from a backup (later records lost)</source>
            <translation>Restored from a backup (later records lost)</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <comment>date of birth, its Japanese-era form</comment>
            <extracomment>A date of birth, then the same date in the Japanese era: 1985年4月12日（昭和60年4月12日）.</extracomment>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Patient details viewed</source>
            <translation>Patient details viewed</translation>
        </message>
        <message>
            <source>Logout</source>
            <translation>Logout</translation>
        </message>
        <message>
            <source>Terminal&apos;s newer certificate taken (HQ&apos;s data was older, e.g. restored)</source>
            <translation>Terminal&apos;s newer certificate taken (HQ&apos;s data was older, e.g. restored)</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::MainWindow</name>
        <message>
            <source>Onboarding</source>
            <translation>Onboarding</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>Log in</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Server</translation>
        </message>
        <message>
            <source>User</source>
            <translation>User</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Logging in…</source>
            <translation>Logging in…</translation>
        </message>
        <message>
            <source>Logged in as %1</source>
            <translation>Logged in as %1</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>&amp;1 Dashboard</source>
            <translation>&amp;1 Dashboard</translation>
        </message>
        <message>
            <source>&amp;2 Checks</source>
            <translation>&amp;2 Checks</translation>
        </message>
        <message>
            <source>&amp;3 Terminals</source>
            <translation>&amp;3 Terminals</translation>
        </message>
        <message>
            <source>&amp;4 Sites</source>
            <translation>&amp;4 Sites</translation>
        </message>
        <message>
            <source>&amp;5 Audit log</source>
            <translation>&amp;5 Audit log</translation>
        </message>
        <message>
            <source>Subsidies</source>
            <translation>Subsidies</translation>
        </message>
        <message>
            <source>Card failures</source>
            <translation>Card failures</translation>
        </message>
        <message>
            <source>Users and roles</source>
            <translation>Users and roles</translation>
        </message>
        <message>
            <source>Kakunin HQ console</source>
            <translation>Kakunin HQ console</translation>
        </message>
        <message>
            <source>Terminals, eligibility checks, the audit log and subsidies of the whole chain.</source>
            <translation>Terminals, eligibility checks, the audit log and subsidies of the whole chain.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ResultsModel</name>
        <message>
            <source>Visual check</source>
            <translation>Visual check</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>Counter</source>
            <translation>Counter</translation>
        </message>
        <message>
            <source>Home visit</source>
            <translation>Home visit</translation>
        </message>
        <message>
            <source>House call</source>
            <translation>House call</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Ward</source>
            <translation>Ward</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Eligible</source>
            <translation>Eligible</translation>
        </message>
        <message>
            <source>Not eligible</source>
            <translation>Not eligible</translation>
        </message>
        <message>
            <source>Not found</source>
            <translation>Not found</translation>
        </message>
        <message>
            <source>Not registered as insurance card</source>
            <translation>Not registered as insurance card</translation>
        </message>
        <message>
            <source>Certificate expired</source>
            <translation>Certificate expired</translation>
        </message>
        <message>
            <source>Certificate revoked</source>
            <translation>Certificate revoked</translation>
        </message>
        <message>
            <source>Document accepted</source>
            <translation>Document accepted</translation>
        </message>
        <message>
            <source>Document not valid</source>
            <translation>Document not valid</translation>
        </message>
        <message>
            <source>Not completed</source>
            <translation>Not completed</translation>
        </message>
        <message>
            <source>Checked at</source>
            <translation>Checked at</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
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
            <source>Outcome</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <source>Reader</source>
            <translation>Reader</translation>
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
            <source>Reader out of order</source>
            <translation>Reader out of order</translation>
        </message>
        <message>
            <source>Several qualifications</source>
            <translation>Several qualifications</translation>
        </message>
        <message>
            <source>My Number Card</source>
            <translation>My Number Card</translation>
        </message>
        <message>
            <source>Re-query by insured number</source>
            <translation>Re-query by insured number</translation>
        </message>
        <message>
            <source>Document shown by the patient</source>
            <translation>Document shown by the patient</translation>
        </message>
        <message>
            <source>Face-recognition card reader</source>
            <translation>Face-recognition card reader</translation>
        </message>
        <message>
            <source>Face-recognition card reader (on-site eligibility terminal)</source>
            <translation>Face-recognition card reader (on-site eligibility terminal)</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::RevokeDeviceDialog</name>
        <message>
            <source>Revoke terminal</source>
            <translation>Revoke terminal</translation>
        </message>
        <message>
            <source>A revoked terminal is disconnected at once and can no longer send results to HQ. This cannot be undone: to use the terminal again, enroll it with a new token.</source>
            <translation>A revoked terminal is disconnected at once and can no longer send results to HQ. This cannot be undone: to use the terminal again, enroll it with a new token.</translation>
        </message>
        <message>
            <source>Terminal lost or stolen</source>
            <translation>Terminal lost or stolen</translation>
        </message>
        <message>
            <source>Terminal replaced</source>
            <translation>Terminal replaced</translation>
        </message>
        <message>
            <source>Site closed or moved</source>
            <translation>Site closed or moved</translation>
        </message>
        <message>
            <source>Suspected key compromise</source>
            <translation>Suspected key compromise</translation>
        </message>
        <message>
            <source>Choose or type a reason (required)</source>
            <translation>Choose or type a reason (required)</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>&amp;Reason</translation>
        </message>
        <message>
            <source>Re&amp;voke</source>
            <translation>Re&amp;voke</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message numerus="yes">
            <source>This terminal last reported %n result(s) not yet sent to HQ (%1). Once it is revoked they can never be sent. If the PC still works, connect it and let it send them first (kakunin-agent status shows what waits).</source>
            <translation>
                <numerusform>This terminal last reported %n result(s) not yet sent to HQ (%1). Once it is revoked they can never be sent. If the PC still works, connect it and let it send them first (kakunin-agent status shows what waits).</numerusform>
                <numerusform>This terminal last reported %n result(s) not yet sent to HQ (%1). Once it is revoked they can never be sent. If the PC still works, connect it and let it send them first (kakunin-agent status shows what waits).</numerusform>
            </translation>
        </message>
        <message>
            <source>time unknown</source>
            <translation>time unknown</translation>
        </message>
        <message>
            <source>Revoke anyway: its unsent results will not reach HQ</source>
            <translation>Revoke anyway: its unsent results will not reach HQ</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SiteDialog</name>
        <message>
            <source>The telephone number has full-width characters; use half-width digits.</source>
            <translation>The telephone number has full-width characters; use half-width digits.</translation>
        </message>
        <message>
            <source>A telephone number is 10 or 11 half-width digits without hyphens.</source>
            <translation>A telephone number is 10 or 11 half-width digits without hyphens.</translation>
        </message>
        <message>
            <source>The e-mail address is not valid.</source>
            <translation>The e-mail address is not valid.</translation>
        </message>
        <message>
            <source>Site ID: use lower-case letters, digits, &apos;-&apos; or &apos;_&apos; (up to 32).</source>
            <translation>Site ID: use lower-case letters, digits, &apos;-&apos; or &apos;_&apos; (up to 32).</translation>
        </message>
        <message>
            <source>Enter the institution name.</source>
            <translation>Enter the institution name.</translation>
        </message>
        <message>
            <source>Choose the facility kind.</source>
            <translation>Choose the facility kind.</translation>
        </message>
        <message>
            <source>The institution code has 10 digits: prefecture (2), score table (1), code (7).</source>
            <translation>The institution code has 10 digits: prefecture (2), score table (1), code (7).</translation>
        </message>
        <message>
            <source>The first two digits of the institution code must be a prefecture (01–47).</source>
            <translation>The first two digits of the institution code must be a prefecture (01–47).</translation>
        </message>
        <message>
            <source>The third digit of the institution code must be 1 (medical), 3 (dental), 4 (pharmacy) or 6 (visiting nurse).</source>
            <translation>The third digit of the institution code must be 1 (medical), 3 (dental), 4 (pharmacy) or 6 (visiting nurse).</translation>
        </message>
        <message>
            <source>The check digit of the institution code does not match (expected %1). Check the code on the notice from the Regional Bureau.</source>
            <translation>The check digit of the institution code does not match (expected %1). Check the code on the notice from the Regional Bureau.</translation>
        </message>
        <message>
            <source>The check digit does not match (expected %1). If the code is right as written, record why in "Reason for keeping the code".</source>
            <translation>The check digit does not match (expected %1). If the code is right as written, record why in "Reason for keeping the code".</translation>
        </message>
        <message>
            <source>The score-table digit does not fit the facility kind (pharmacies: 4; hospitals and clinics: 1 or 3).</source>
            <translation>The score-table digit does not fit the facility kind (pharmacies: 4; hospitals and clinics: 1 or 3).</translation>
        </message>
        <message>
            <source>Transitional measures apply only to insurance pharmacies and medical institutions.</source>
            <translation>Transitional measures apply only to insurance pharmacies and medical institutions.</translation>
        </message>
        <message>
            <source>The event date is not a valid date.</source>
            <translation>The event date is not a valid date.</translation>
        </message>
        <message>
            <source>Edit site</source>
            <translation>Edit site</translation>
        </message>
        <message>
            <source>New site</source>
            <translation>New site</translation>
        </message>
        <message>
            <source>e.g. ekimae</source>
            <translation>e.g. ekimae</translation>
        </message>
        <message>
            <source>e.g. Kakunin Pharmacy Ekimae</source>
            <translation>e.g. Kakunin Pharmacy Ekimae</translation>
        </message>
        <message>
            <source>&amp;Date known</source>
            <translation>&amp;Date known</translation>
        </message>
        <message>
            <source>yyyy-MM-dd</source>
            <extracomment>Date format of the date field; Japanese style in the ja translation.</extracomment>
            <translation>yyyy-MM-dd</translation>
        </message>
        <message>
            <source>Approve new terminals &amp;automatically</source>
            <translation>Approve new terminals &amp;automatically</translation>
        </message>
        <message>
            <source>Staff may switch the identity check at the counter</source>
            <translation>Staff may switch the identity check at the counter</translation>
        </message>
        <message>
            <source>Site &amp;ID</source>
            <translation>Site &amp;ID</translation>
        </message>
        <message>
            <source>Institution &amp;name</source>
            <translation>Institution &amp;name</translation>
        </message>
        <message>
            <source>Institution &amp;code</source>
            <translation>Institution &amp;code</translation>
        </message>
        <message>
            <source>Reason for keeping the code</source>
            <translation>Reason for keeping the code</translation>
        </message>
        <message>
            <source>Facility &amp;kind</source>
            <translation>Facility &amp;kind</translation>
        </message>
        <message>
            <source>&amp;Transitional measure</source>
            <translation>&amp;Transitional measure</translation>
        </message>
        <message>
            <source>Default identity check</source>
            <translation>Default identity check</translation>
        </message>
        <message>
            <source>&amp;Phone</source>
            <translation>&amp;Phone</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>✓ Valid code (%1, score table %2)</source>
            <translation>✓ Valid code (%1, score table %2)</translation>
        </message>
        <message>
            <source>%1 of 10 digits</source>
            <translation>%1 of 10 digits</translation>
        </message>
        <message>
            <source>System ready on</source>
            <translation>System ready on</translation>
        </message>
        <message>
            <source>Fibre available from</source>
            <translation>Fibre available from</translation>
        </message>
        <message>
            <source>Works end on</source>
            <translation>Works end on</translation>
        </message>
        <message>
            <source>Closing on</source>
            <translation>Closing on</translation>
        </message>
        <message>
            <source>Resolved on</source>
            <translation>Resolved on</translation>
        </message>
        <message>
            <source>Event date</source>
            <translation>Event date</translation>
        </message>
        <message>
            <source>No deferral: the full online check is required.</source>
            <translation>No deferral: the full online check is required.</translation>
        </message>
        <message>
            <source>Deferred until %1</source>
            <translation>Deferred until %1</translation>
        </message>
        <message>
            <source>The deadline depends on this date; enter it once it is known.</source>
            <translation>The deadline depends on this date; enter it once it is known.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SitesModel</name>
        <message>
            <source>Not yet known</source>
            <translation>Not yet known</translation>
        </message>
        <message>
            <source>Depends on the date</source>
            <translation>Depends on the date</translation>
        </message>
        <message>
            <source>Until %1</source>
            <translation>Until %1</translation>
        </message>
        <message>
            <source>Automatic</source>
            <translation>Automatic</translation>
        </message>
        <message>
            <source>By HQ</source>
            <translation>By HQ</translation>
        </message>
        <message>
            <source>Check digit overridden: %1</source>
            <translation>Check digit overridden: %1</translation>
        </message>
        <message>
            <source>The check digit does not match (expected %1).</source>
            <translation>The check digit does not match (expected %1).</translation>
        </message>
        <message>
            <source>Not a valid 10-digit institution code.</source>
            <translation>Not a valid 10-digit institution code.</translation>
        </message>
        <message>
            <source>Site ID</source>
            <translation>Site ID</translation>
        </message>
        <message>
            <source>Institution name</source>
            <translation>Institution name</translation>
        </message>
        <message>
            <source>Institution code</source>
            <translation>Institution code</translation>
        </message>
        <message>
            <source>Prefecture</source>
            <translation>Prefecture</translation>
        </message>
        <message>
            <source>Facility kind</source>
            <translation>Facility kind</translation>
        </message>
        <message>
            <source>Transitional measure</source>
            <translation>Transitional measure</translation>
        </message>
        <message>
            <source>Event date</source>
            <translation>Event date</translation>
        </message>
        <message>
            <source>Deferred until</source>
            <translation>Deferred until</translation>
        </message>
        <message>
            <source>Default identity check</source>
            <translation>Default identity check</translation>
        </message>
        <message>
            <source>Terminal approval</source>
            <translation>Terminal approval</translation>
        </message>
        <message>
            <source>Eligibility route</source>
            <translation>Eligibility route</translation>
        </message>
        <message>
            <source>Ended on %1</source>
            <translation>Ended on %1</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SiteImportDialog</name>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Site ID</source>
            <translation>Site ID</translation>
        </message>
        <message>
            <source>Institution name</source>
            <translation>Institution name</translation>
        </message>
        <message>
            <source>Institution code</source>
            <translation>Institution code</translation>
        </message>
        <message>
            <source>Facility kind</source>
            <translation>Facility kind</translation>
        </message>
        <message>
            <source>Transitional measure</source>
            <translation>Transitional measure</translation>
        </message>
        <message>
            <source>Measure date</source>
            <translation>Measure date</translation>
        </message>
        <message>
            <source>Reason for keeping the code</source>
            <translation>Reason for keeping the code</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Telephone</source>
            <translation>Telephone</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Opening hours</source>
            <translation>Opening hours</translation>
        </message>
        <message>
            <source>Import sites from a CSV file</source>
            <translation>Import sites from a CSV file</translation>
        </message>
        <message>
            <source>A CSV file from a spreadsheet (UTF-8 or Shift_JIS) with a header row. Required columns: institution name, institution code, facility kind.</source>
            <translation>A CSV file from a spreadsheet (UTF-8 or Shift_JIS) with a header row. Required columns: institution name, institution code, facility kind.</translation>
        </message>
        <message>
            <source>Choose &amp;file…</source>
            <translation>Choose &amp;file…</translation>
        </message>
        <message>
            <source>No file chosen.</source>
            <translation>No file chosen.</translation>
        </message>
        <message>
            <source>&amp;Import</source>
            <translation>&amp;Import</translation>
        </message>
        <message>
            <source>Import the &amp;correct rows only</source>
            <translation>Import the &amp;correct rows only</translation>
        </message>
        <message>
            <source>Choose a CSV file</source>
            <translation>Choose a CSV file</translation>
        </message>
        <message>
            <source>CSV files (*.csv *.txt);;All files (*)</source>
            <translation>CSV files (*.csv *.txt);;All files (*)</translation>
        </message>
        <message>
            <source>Cannot open %1.</source>
            <translation>Cannot open %1.</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <source>This file cannot be imported: %1</source>
            <translation>This file cannot be imported: %1</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>Row</translation>
        </message>
        <message>
            <source>Problems</source>
            <translation>Problems</translation>
        </message>
        <message numerus="yes">
            <source>%n site(s), no errors. Nothing is saved until you import.</source>
            <translation>
                <numerusform>%n site, no errors. Nothing is saved until you import.</numerusform>
                <numerusform>%n sites, no errors. Nothing is saved until you import.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n site(s): </source>
            <translation>
                <numerusform>%n site: </numerusform>
                <numerusform>%n sites: </numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n row(s) with errors, </source>
            <translation>
                <numerusform>%n row with errors, </numerusform>
                <numerusform>%n rows with errors, </numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n correct. Fix the file and choose it again, or import the correct rows only.</source>
            <translation>
                <numerusform>%n correct. Fix the file and choose it again, or import the correct rows only.</numerusform>
                <numerusform>%n correct. Fix the file and choose it again, or import the correct rows only.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n site(s) imported.</source>
            <translation>
                <numerusform>%n site imported.</numerusform>
                <numerusform>%n sites imported.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SitesPage</name>
        <message>
            <source>&amp;Import from CSV…</source>
            <translation>&amp;Import from CSV…</translation>
        </message>
        <message>
            <source>Ctrl+I</source>
            <translation>Ctrl+I</translation>
        </message>
        <message numerus="yes">
            <source>%n site(s) imported.</source>
            <translation>
                <numerusform>%n site imported.</numerusform>
                <numerusform>%n sites imported.</numerusform>
            </translation>
        </message>
        <message>
            <source>Sites</source>
            <translation>Sites</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>&amp;New site…</source>
            <translation>&amp;New site…</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>&amp;Edit…</translation>
        </message>
        <message>
            <source>F2</source>
            <translation>F2</translation>
        </message>
        <message>
            <source>Search name, ID or code (Ctrl+F)</source>
            <translation>Search name, ID or code (Ctrl+F)</translation>
        </message>
        <message numerus="yes">
            <source>%n site(s)</source>
            <translation>
                <numerusform>%n site</numerusform>
                <numerusform>%n sites</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n under a transitional measure</source>
            <translation>
                <numerusform>%n under a transitional measure</numerusform>
                <numerusform>%n under a transitional measure</numerusform>
            </translation>
        </message>
        <message>
            <source>Site %1 saved.</source>
            <translation>Site %1 saved.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::TerminalsPage</name>
        <message>
            <source>Ctrl+Shift+H</source>
            <translation>Ctrl+Shift+H</translation>
        </message>
        <message>
            <source>Visual check &amp;history…</source>
            <translation>Visual check &amp;history…</translation>
        </message>
        <message>
            <source>Allow one &amp;visual check…</source>
            <translation>Allow one &amp;visual check…</translation>
        </message>
        <message>
            <source>Ctrl+Shift+V</source>
            <translation>Ctrl+Shift+V</translation>
        </message>
        <message>
            <source>One visual check allowed on terminal %1 until %2; the counter shows it now.</source>
            <translation>One visual check allowed on terminal %1 until %2; the counter shows it now.</translation>
        </message>
        <message>
            <source>Terminals</source>
            <translation>Terminals</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>Issue &amp;token…</source>
            <translation>Issue &amp;token…</translation>
        </message>
        <message>
            <source>Ctrl+T</source>
            <translation>Ctrl+T</translation>
        </message>
        <message>
            <source>&amp;Approve…</source>
            <translation>&amp;Approve…</translation>
        </message>
        <message>
            <source>Ctrl+Return</source>
            <translation>Ctrl+Return</translation>
        </message>
        <message>
            <source>Re&amp;voke…</source>
            <translation>Re&amp;voke…</translation>
        </message>
        <message>
            <source>&amp;Export CSV…</source>
            <translation>&amp;Export CSV…</translation>
        </message>
        <message>
            <source>Ctrl+E</source>
            <translation>Ctrl+E</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>All statuses</translation>
        </message>
        <message>
            <source>Search ID, name, site, reader (Ctrl+F)</source>
            <translation>Search ID, name, site, reader (Ctrl+F)</translation>
        </message>
        <message>
            <source>&amp;Status</source>
            <translation>&amp;Status</translation>
        </message>
        <message numerus="yes">
            <source>%n terminal(s)</source>
            <translation>
                <numerusform>%n terminal</numerusform>
                <numerusform>%n terminals</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n awaiting approval</source>
            <translation>
                <numerusform>%n awaiting approval</numerusform>
                <numerusform>%n awaiting approval</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n online</source>
            <translation>
                <numerusform>%n online</numerusform>
                <numerusform>%n online</numerusform>
            </translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>Enrollment token issued for %1.</source>
            <translation>Enrollment token issued for %1.</translation>
        </message>
        <message>
            <source>Terminal %1 approved.</source>
            <translation>Terminal %1 approved.</translation>
        </message>
        <message>
            <source>Terminal %1 revoked.</source>
            <translation>Terminal %1 revoked.</translation>
        </message>
        <message>
            <source>Export terminals</source>
            <translation>Export terminals</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <source>Could not write %1. Choose another folder.</source>
            <translation>Could not write %1. Choose another folder.</translation>
        </message>
        <message>
            <source>Exported to %1.</source>
            <translation>Exported to %1.</translation>
        </message>
        <message>
            <source>Eligibility r&amp;oute…</source>
            <translation>Eligibility r&amp;oute…</translation>
        </message>
        <message>
            <source>Ctrl+Shift+R</source>
            <translation>Ctrl+Shift+R</translation>
        </message>
        <message>
            <source>Eligibility route of terminal %1 saved.</source>
            <translation>Eligibility route of terminal %1 saved.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DeviceDialogs</name>
        <message>
            <source>Terminal ID</source>
            <translation>Terminal ID</translation>
        </message>
        <message>
            <source>Terminal name</source>
            <translation>Terminal name</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Host</source>
            <translation>Host</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::AuditModel</name>
        <message>
            <source>No.</source>
            <translation>No.</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>Event</translation>
        </message>
        <message>
            <source>By</source>
            <translation>By</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Subject</translation>
        </message>
        <message>
            <source>No.: %1</source>
            <translation>No.: %1</translation>
        </message>
        <message>
            <source>Time: %1</source>
            <translation>Time: %1</translation>
        </message>
        <message>
            <source>Event: %1 (%2)</source>
            <translation>Event: %1 (%2)</translation>
        </message>
        <message>
            <source>By: %1</source>
            <translation>By: %1</translation>
        </message>
        <message>
            <source>Site: %1</source>
            <translation>Site: %1</translation>
        </message>
        <message>
            <source>Terminal: %1</source>
            <translation>Terminal: %1</translation>
        </message>
        <message>
            <source>Subject: %1</source>
            <translation>Subject: %1</translation>
        </message>
        <message>
            <source>Details:</source>
            <translation>Details:</translation>
        </message>
        <message>
            <source>Previous hash: %1</source>
            <translation>Previous hash: %1</translation>
        </message>
        <message>
            <source>Hash: %1</source>
            <translation>Hash: %1</translation>
        </message>
        <message>
            <source>User %1</source>
            <translation>User %1</translation>
        </message>
        <message>
            <source>Login attempt (%1)</source>
            <translation>Login attempt (%1)</translation>
        </message>
        <message>
            <source>Terminal %1</source>
            <translation>Terminal %1</translation>
        </message>
        <message>
            <source>Terminal enrollment attempt (%1)</source>
            <translation>Terminal enrollment attempt (%1)</translation>
        </message>
        <message>
            <source>System (automatic)</source>
            <translation>System (automatic)</translation>
        </message>
        <message>
            <source>System (subsidy programme file)</source>
            <translation>System (subsidy programme file)</translation>
        </message>
        <message>
            <source>System (%1)</source>
            <translation>System (%1)</translation>
        </message>
        <message>
            <source>Server command line</source>
            <translation>Server command line</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::AuditPage</name>
        <message>
            <source>Audit log</source>
            <translation>Audit log</translation>
        </message>
        <message>
            <source>Select an event to see all of its fields.</source>
            <translation>Select an event to see all of its fields.</translation>
        </message>
        <message>
            <source>All events</source>
            <translation>All events</translation>
        </message>
        <message>
            <source>Checks (all)</source>
            <translation>Checks (all)</translation>
        </message>
        <message>
            <source>Terminals (all)</source>
            <translation>Terminals (all)</translation>
        </message>
        <message>
            <source>Users (all)</source>
            <translation>Users (all)</translation>
        </message>
        <message>
            <source>Sites (all)</source>
            <translation>Sites (all)</translation>
        </message>
        <message>
            <source>Audit log (all)</source>
            <translation>Audit log (all)</translation>
        </message>
        <message>
            <source>Retention (all)</source>
            <translation>Retention (all)</translation>
        </message>
        <message>
            <source>&amp;Event</source>
            <translation>&amp;Event</translation>
        </message>
        <message>
            <source>All sites</source>
            <translation>All sites</translation>
        </message>
        <message>
            <source>&amp;Site</source>
            <translation>&amp;Site</translation>
        </message>
        <message>
            <source>Terminal ID</source>
            <translation>Terminal ID</translation>
        </message>
        <message>
            <source>&amp;By</source>
            <translation>&amp;By</translation>
        </message>
        <message>
            <source>&amp;Terminal</source>
            <translation>&amp;Terminal</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>&amp;Search</translation>
        </message>
        <message>
            <source>Export search as &amp;CSV…</source>
            <translation>Export search as &amp;CSV…</translation>
        </message>
        <message>
            <source>Export signed &amp;heads…</source>
            <translation>Export signed &amp;heads…</translation>
        </message>
        <message>
            <source>&amp;More</source>
            <translation>&amp;More</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message numerus="yes">
            <source>%n event(s) shown</source>
            <translation>
                <numerusform>%n event shown</numerusform>
                <numerusform>%n events shown</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>✔ The audit log is intact: %n record(s) checked, none altered.</source>
            <translation>
                <numerusform>✔ The audit log is intact: %n record checked, none altered.</numerusform>
                <numerusform>✔ The audit log is intact: %n records checked, none altered.</numerusform>
            </translation>
        </message>
        <message>
            <source>✖ The audit log has been tampered with or damaged. From record %1 on it cannot be trusted.</source>
            <translation>✖ The audit log has been tampered with or damaged. From record %1 on it cannot be trusted.</translation>
        </message>
        <message>
            <source>Problem: %1</source>
            <translation>Problem: %1</translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) checked.</source>
            <translation>
                <numerusform>%n record checked.</numerusform>
                <numerusform>%n records checked.</numerusform>
            </translation>
        </message>
        <message>
            <source>Export audit events</source>
            <translation>Export audit events</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <source>Export signed heads</source>
            <translation>Export signed heads</translation>
        </message>
        <message>
            <source>JSON lines (*.jsonl)</source>
            <translation>JSON lines (*.jsonl)</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>Exporting…</translation>
        </message>
        <message numerus="yes">
            <source>%n event(s) exported to %1.</source>
            <translation>
                <numerusform>%n event exported to %1.</numerusform>
                <numerusform>%n events exported to %1.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n signed head(s) exported to %1. Keep this file as a witness.</source>
            <translation>
                <numerusform>%n signed head exported to %1. Keep this file as a witness.</numerusform>
                <numerusform>%n signed heads exported to %1. Keep this file as a witness.</numerusform>
            </translation>
        </message>
        <message>
            <source>Export search as &amp;JSON…</source>
            <translation>Export search as &amp;JSON…</translation>
        </message>
        <message>
            <source>Details for support</source>
            <translation>Details for support</translation>
        </message>
        <message>
            <source>Visual check permissions (all)</source>
            <translation>Visual check permissions (all)</translation>
        </message>
        <message>
            <source>Onboarding (all)</source>
            <translation>Onboarding (all)</translation>
        </message>
        <message>
            <source>Subsidies (all)</source>
            <translation>Subsidies (all)</translation>
        </message>
        <message>
            <source>&amp;Verify the audit log for tampering</source>
            <translation>&amp;Verify the audit log for tampering</translation>
        </message>
        <message>
            <source>Checking the whole audit log on the server for tampering…</source>
            <translation>Checking the whole audit log on the server for tampering…</translation>
        </message>
        <message>
            <source>User name (e.g. admin)</source>
            <translation>User name (e.g. admin)</translation>
        </message>
        <message>
            <source>Patient details (all)</source>
            <translation>Patient details (all)</translation>
        </message>
        <message>
            <source>In Terminal, enter the terminal&apos;s ID (dev- followed by letters and digits; shown when you point at a terminal&apos;s name), not its name.</source>
            <translation>In Terminal, enter the terminal&apos;s ID (dev- followed by letters and digits; shown when you point at a terminal&apos;s name), not its name.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ResultDetailDialog</name>
        <message>
            <source>Check details</source>
            <translation>Check details</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>Check</translation>
        </message>
        <message>
            <source>Checked at</source>
            <translation>Checked at</translation>
        </message>
        <message>
            <source>Received by HQ</source>
            <translation>Received by HQ</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <source>Check ID</source>
            <translation>Check ID</translation>
        </message>
        <message>
            <source>Sequence on the terminal</source>
            <translation>Sequence on the terminal</translation>
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
            <source>Outcome</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>Error</translation>
        </message>
        <message>
            <source>Reader</source>
            <translation>Reader</translation>
        </message>
        <message>
            <source>Extended APDU</source>
            <translation>Extended APDU</translation>
        </message>
        <message>
            <source>Supported</source>
            <translation>Supported</translation>
        </message>
        <message>
            <source>Not supported</source>
            <translation>Not supported</translation>
        </message>
        <message>
            <source>Duration</source>
            <translation>Duration</translation>
        </message>
        <message>
            <source>%1 ms</source>
            <translation>%1 ms</translation>
        </message>
        <message>
            <source>Patient (shown within the re-view window only)</source>
            <translation>Patient (shown within the re-view window only)</translation>
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
            <source>Date of birth</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Insurer</source>
            <translation>Insurer</translation>
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
            <source>Valid</source>
            <translation>Valid</translation>
        </message>
        <message>
            <source>%1 to %2</source>
            <translation>%1 to %2</translation>
        </message>
        <message>
            <source>Document expires</source>
            <translation>Document expires</translation>
        </message>
        <message>
            <source>Insured number</source>
            <translation>Insured number</translation>
        </message>
        <message>
            <source>Staff note</source>
            <translation>Staff note</translation>
        </message>
        <message>
            <source>No patient details are kept for this check (none recorded, or the re-view window has ended).</source>
            <translation>No patient details are kept for this check (none recorded, or the re-view window has ended).</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Patient details are kept on the server but your role may not see them (HQ administrators see operational fields only).</source>
            <translation>Patient details are kept on the server but your role may not see them (HQ administrators see operational fields only).</translation>
        </message>
        <message>
            <source>Answer that arrived late</source>
            <translation>Answer that arrived late</translation>
        </message>
        <message>
            <source>Answer that arrived late (for check %1, which had timed out)</source>
            <translation>Answer that arrived late (for check %1, which had timed out)</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Answer</translation>
        </message>
        <message>
            <source>Details for support</source>
            <translation>Details for support</translation>
        </message>
        <message>
            <source>Site ID</source>
            <translation>Site ID</translation>
        </message>
        <message>
            <source>Terminal ID</source>
            <translation>Terminal ID</translation>
        </message>
        <message>
            <source>Error reason</source>
            <translation>Error reason</translation>
        </message>
        <message>
            <source>Card classification</source>
            <translation>Card classification</translation>
        </message>
        <message>
            <source>Class %1</source>
            <translation>Class %1</translation>
        </message>
        <message>
            <source>%1 %2, %3 / %4 / %5, valid %6 to %7</source>
            <translation>%1 %2, %3 / %4 / %5, valid %6 to %7</translation>
        </message>
        <message>
            <source>, lost on %1</source>
            <translation>, lost on %1</translation>
        </message>
        <message>
            <source>Other record %1</source>
            <translation>Other record %1</translation>
        </message>
        <message>
            <source>Check record (shown within the re-view window only)</source>
            <translation>Check record (shown within the re-view window only)</translation>
        </message>
        <message>
            <source>Staff at the counter</source>
            <translation>Staff at the counter</translation>
        </message>
        <message>
            <source>Expired, within the grace period</source>
            <translation>Expired, within the grace period</translation>
        </message>
        <message>
            <source>%1 (expired, within the grace period)</source>
            <translation>%1 (expired, within the grace period)</translation>
        </message>
        <message>
            <source>Certificate valid until</source>
            <translation>Certificate valid until</translation>
        </message>
        <message>
            <source>SHA-256 of the card&apos;s user certificate: %1</source>
            <translation>SHA-256 of the card&apos;s user certificate: %1</translation>
        </message>
        <message>
            <source>Certificate (SHA-256)</source>
            <translation>Certificate (SHA-256)</translation>
        </message>
        <message>
            <source>Insurer on the checkup ticket</source>
            <translation>Insurer on the checkup ticket</translation>
        </message>
        <message>
            <source>Matches the patient&apos;s insurer</source>
            <translation>Matches the patient&apos;s insurer</translation>
        </message>
        <message>
            <source>Does not match the patient&apos;s insurer</source>
            <translation>Does not match the patient&apos;s insurer</translation>
        </message>
        <message>
            <source>Checkup ticket&apos;s insurer</source>
            <translation>Checkup ticket&apos;s insurer</translation>
        </message>
        <message>
            <source>%1… (the first %2 of %3 characters)</source>
            <translation>%1… (the first %2 of %3 characters)</translation>
        </message>
        <message>
            <source>Eligibility service&apos;s error</source>
            <translation>Eligibility service&apos;s error</translation>
        </message>
        <message>
            <source>Certificate SHA-256 (whole)</source>
            <translation>Certificate SHA-256 (whole)</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ResultsPage</name>
        <message>
            <source>Live updates: not connected</source>
            <translation>Live updates: not connected</translation>
        </message>
        <message>
            <source>All sites</source>
            <translation>All sites</translation>
        </message>
        <message>
            <source>All terminals</source>
            <translation>All terminals</translation>
        </message>
        <message>
            <source>&amp;Site</source>
            <translation>&amp;Site</translation>
        </message>
        <message>
            <source>&amp;Terminal</source>
            <translation>&amp;Terminal</translation>
        </message>
        <message>
            <source>All</source>
            <translation>All</translation>
        </message>
        <message>
            <source>&amp;Identity</source>
            <translation>&amp;Identity</translation>
        </message>
        <message>
            <source>&amp;Route</source>
            <translation>&amp;Route</translation>
        </message>
        <message>
            <source>&amp;Outcome</source>
            <translation>&amp;Outcome</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>&amp;Search</translation>
        </message>
        <message>
            <source>&amp;Details…</source>
            <translation>&amp;Details…</translation>
        </message>
        <message>
            <source>&amp;More</source>
            <translation>&amp;More</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>● Live updates on</source>
            <translation>● Live updates on</translation>
        </message>
        <message>
            <source>Live updates interrupted: reconnecting in %1 s…</source>
            <translation>Live updates interrupted: reconnecting in %1 s…</translation>
        </message>
        <message>
            <source>Live updates stopped</source>
            <translation>Live updates stopped</translation>
        </message>
        <message>
            <source>The server did not apply the date range: checks outside it are listed too.</source>
            <translation>The server did not apply the date range: checks outside it are listed too.</translation>
        </message>
        <message numerus="yes">
            <source>%n check(s) shown</source>
            <translation>
                <numerusform>%n check shown</numerusform>
                <numerusform>%n checks shown</numerusform>
            </translation>
        </message>
        <message>
            <source>more on the server</source>
            <translation>more on the server</translation>
        </message>
        <message>
            <source>Eligibility checks</source>
            <translation>Eligibility checks</translation>
        </message>
        <message>
            <source>The re-view window for this check ended on %1 (the end of the month after the check): patient details can no longer be shown.</source>
            <translation>The re-view window for this check ended on %1 (the end of the month after the check): patient details can no longer be shown.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DashboardModel</name>
        <message>
            <source>MM-dd HH:00</source>
            <extracomment>Chart/table label of one hour, QDateTime::toString format (Japan time).</extracomment>
            <translation>MM-dd HH:00</translation>
        </message>
        <message>
            <source>Mon</source>
            <translation>Mon</translation>
        </message>
        <message>
            <source>Tue</source>
            <translation>Tue</translation>
        </message>
        <message>
            <source>Wed</source>
            <translation>Wed</translation>
        </message>
        <message>
            <source>Thu</source>
            <translation>Thu</translation>
        </message>
        <message>
            <source>Fri</source>
            <translation>Fri</translation>
        </message>
        <message>
            <source>Sat</source>
            <translation>Sat</translation>
        </message>
        <message>
            <source>Sun</source>
            <translation>Sun</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <extracomment>Chart/table label of one day: %1 the date (format MM-dd below), %2 the weekday.</extracomment>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>MM-dd</source>
            <translation>MM-dd</translation>
        </message>
        <message>
            <source>Hour</source>
            <translation>Hour</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>Checks</translation>
        </message>
        <message>
            <source>Failures</source>
            <translation>Failures</translation>
        </message>
        <message>
            <source>Failure rate</source>
            <translation>Failure rate</translation>
        </message>
        <message>
            <source>Fallbacks</source>
            <translation>Fallbacks</translation>
        </message>
        <message>
            <source>Fallback rate</source>
            <translation>Fallback rate</translation>
        </message>
        <message>
            <source>Names with unshowable characters</source>
            <extracomment>Column: names containing characters the system cannot show (外字, shown as ● or 〓).</extracomment>
            <translation>Names with unshowable characters</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DashboardPage</name>
        <message>
            <source>Dashboard</source>
            <translation>Dashboard</translation>
        </message>
        <message>
            <source>Last 24 hours, by hour</source>
            <translation>Last 24 hours, by hour</translation>
        </message>
        <message>
            <source>Last 14 days, by day</source>
            <translation>Last 14 days, by day</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>Checks</translation>
        </message>
        <message>
            <source>Failure rate</source>
            <translation>Failure rate</translation>
        </message>
        <message>
            <source>Fallback rate</source>
            <translation>Fallback rate</translation>
        </message>
        <message>
            <source>Terminals online</source>
            <translation>Terminals online</translation>
        </message>
        <message>
            <source>Terminals offline</source>
            <translation>Terminals offline</translation>
        </message>
        <message>
            <source>Readers without extended APDU</source>
            <translation>Readers without extended APDU</translation>
        </message>
        <message>
            <source>Unsent results</source>
            <translation>Unsent results</translation>
        </message>
        <message>
            <source>Charts</source>
            <translation>Charts</translation>
        </message>
        <message>
            <source>Table</source>
            <translation>Table</translation>
        </message>
        <message>
            <source>By site</source>
            <extracomment>Tab: one row per site with its checks, rates and 外字 names over the period.</extracomment>
            <translation>By site</translation>
        </message>
        <message>
            <source>Checks by site (busiest %1 of %2)</source>
            <translation>Checks by site (busiest %1 of %2)</translation>
        </message>
        <message>
            <source>Nearest subsidy deadlines</source>
            <translation>Nearest subsidy deadlines</translation>
        </message>
        <message>
            <source>Updated %1</source>
            <translation>Updated %1</translation>
        </message>
        <message>
            <source>Checks by site</source>
            <translation>Checks by site</translation>
        </message>
        <message>
            <source>Checks by identity mode</source>
            <translation>Checks by identity mode</translation>
        </message>
        <message>
            <source>Failure and fallback rates (%)</source>
            <translation>Failure and fallback rates (%)</translation>
        </message>
        <message>
            <source>%1h</source>
            <extracomment>Hour label on the chart&apos;s time axis (%1 = 0–23).</extracomment>
            <translation>%1h</translation>
        </message>
        <message>
            <source>Names with characters the system cannot show (● or 〓): %1 in this period. Check each against the name on the card.</source>
            <translation>Names with characters the system cannot show (● or 〓): %1 in this period. Check each against the name on the card.</translation>
        </message>
        <message>
            <source>Face reader</source>
            <comment>chart legend</comment>
            <extracomment>Chart legend: checks made at a face-recognition card reader (keep it short).</extracomment>
            <translation>Face reader</translation>
        </message>
        <message>
            <source>Fallback rate</source>
            <comment>chart legend</comment>
            <extracomment>Chart legend; the tile above spells out what counts as a fallback.</extracomment>
            <translation>Fallback rate</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SiteTotalsModel</name>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>Checks</translation>
        </message>
        <message>
            <source>Failures</source>
            <translation>Failures</translation>
        </message>
        <message>
            <source>Failure rate</source>
            <translation>Failure rate</translation>
        </message>
        <message>
            <source>Fallbacks</source>
            <translation>Fallbacks</translation>
        </message>
        <message>
            <source>Fallback rate</source>
            <translation>Fallback rate</translation>
        </message>
        <message>
            <source>Names with unshowable characters</source>
            <extracomment>Column: names containing characters the system cannot show (外字, shown as ● or 〓).</extracomment>
            <translation>Names with unshowable characters</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DeadlinesModel</name>
        <message>
            <source>today</source>
            <translation>today</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s)</source>
            <translation>
                <numerusform>%n day left</numerusform>
                <numerusform>%n days left</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 yen</source>
            <translation>%1 yen</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Subsidy</source>
            <translation>Subsidy</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>Left</source>
            <translation>Left</translation>
        </message>
        <message>
            <source>Claimable</source>
            <translation>Claimable</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DateRange</name>
        <message>
            <source>&amp;Dates</source>
            <translation>&amp;Dates</translation>
        </message>
        <message>
            <source>to</source>
            <translation>to</translation>
        </message>
        <message>
            <source>en</source>
            <extracomment>Locale of the date fields&apos; calendars (ja in the Japanese UI).</extracomment>
            <translation>en</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ClaimExport</name>
        <message>
            <source>Section</source>
            <translation>Section</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Value</translation>
        </message>
        <message>
            <source>Amount (yen)</source>
            <translation>Amount (yen)</translation>
        </message>
        <message>
            <source>Cap (yen)</source>
            <translation>Cap (yen)</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Claim</source>
            <translation>Claim</translation>
        </message>
        <message>
            <source>Claim ID</source>
            <translation>Claim ID</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>Created</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <source>Decided</source>
            <translation>Decided</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Institution code</source>
            <translation>Institution code</translation>
        </message>
        <message>
            <source>Facility kind</source>
            <translation>Facility kind</translation>
        </message>
        <message>
            <source>Programme</source>
            <translation>Programme</translation>
        </message>
        <message>
            <source>Legal basis</source>
            <translation>Legal basis</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>Item</translation>
        </message>
        <message>
            <source>Computation</source>
            <translation>Computation</translation>
        </message>
        <message>
            <source>claimed %1</source>
            <translation>claimed %1</translation>
        </message>
        <message>
            <source>Project cap</source>
            <translation>Project cap</translation>
        </message>
        <message>
            <source>applied</source>
            <translation>applied</translation>
        </message>
        <message>
            <source>Rate</source>
            <translation>Rate</translation>
        </message>
        <message>
            <source>Subsidy (computed, yen exact)</source>
            <translation>Subsidy (computed, yen exact)</translation>
        </message>
        <message>
            <source>Granted</source>
            <translation>Granted</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>Receipt</translation>
        </message>
        <message>
            <source>History</source>
            <translation>History</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Export</translation>
        </message>
        <message>
            <source>Generated</source>
            <translation>Generated</translation>
        </message>
        <message>
            <source>Subsidy claim record</source>
            <translation>Subsidy claim record</translation>
        </message>
        <message>
            <source>(closed)</source>
            <translation>(closed)</translation>
        </message>
        <message>
            <source>Items</source>
            <translation>Items</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>Description</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>Item cap</source>
            <translation>Item cap</translation>
        </message>
        <message>
            <source>Claimed</source>
            <translation>Claimed</translation>
        </message>
        <message>
            <source>Eligible</source>
            <translation>Eligible</translation>
        </message>
        <message>
            <source> (applied)</source>
            <translation> (applied)</translation>
        </message>
        <message>
            <source> (leaflet&apos;s maximum: %1)</source>
            <translation> (leaflet&apos;s maximum: %1)</translation>
        </message>
        <message>
            <source>Subsidy (computed, exact to the yen)</source>
            <translation>Subsidy (computed, exact to the yen)</translation>
        </message>
        <message>
            <source>Most this site can be paid</source>
            <translation>Most this site can be paid</translation>
        </message>
        <message>
            <source>Receipts</source>
            <translation>Receipts</translation>
        </message>
        <message>
            <source>No receipt uploaded yet.</source>
            <translation>No receipt uploaded yet.</translation>
        </message>
        <message>
            <source>File</source>
            <translation>File</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Size</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source> (also on another claim)</source>
            <translation> (also on another claim)</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 bytes</translation>
        </message>
        <message>
            <source>State history</source>
            <translation>State history</translation>
        </message>
        <message>
            <source>When</source>
            <translation>When</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>By</source>
            <translation>By</translation>
        </message>
        <message>
            <source>Effective</source>
            <translation>Effective</translation>
        </message>
        <message>
            <source>Generated %1 by the Kakunin console.</source>
            <translation>Generated %1 by the Kakunin console.</translation>
        </message>
        <message>
            <source>Portal</source>
            <translation>Portal</translation>
        </message>
        <message>
            <source>Post</source>
            <translation>Post</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SubsidiesPage</name>
        <message>
            <source>Subsidies</source>
            <translation>Subsidies</translation>
        </message>
        <message>
            <source>Claims</source>
            <translation>Claims</translation>
        </message>
        <message>
            <source>Programmes</source>
            <translation>Programmes</translation>
        </message>
        <message>
            <source>Deadlines</source>
            <translation>Deadlines</translation>
        </message>
        <message>
            <source>Transitional measures (経過措置)</source>
            <translation>Transitional measures (経過措置)</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>Daily summary</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>&amp;Upload receipt…</source>
            <translation>&amp;Upload receipt…</translation>
        </message>
        <message>
            <source>Ctrl+U</source>
            <translation>Ctrl+U</translation>
        </message>
        <message>
            <source>Back to draft</source>
            <translation>Back to draft</translation>
        </message>
        <message>
            <source>Mark ready</source>
            <translation>Mark ready</translation>
        </message>
        <message>
            <source>Record filing…</source>
            <translation>Record filing…</translation>
        </message>
        <message>
            <source>Record grant</source>
            <translation>Record grant</translation>
        </message>
        <message>
            <source>Record refusal</source>
            <translation>Record refusal</translation>
        </message>
        <message>
            <source>Export &amp;CSV…</source>
            <translation>Export &amp;CSV…</translation>
        </message>
        <message>
            <source>Export &amp;PDF…</source>
            <translation>Export &amp;PDF…</translation>
        </message>
        <message>
            <source>Programmes: %1 open, %2 closed. Deadline warnings: %3.</source>
            <translation>Programmes: %1 open, %2 closed. Deadline warnings: %3.</translation>
        </message>
        <message>
            <source>Every programme is past its deadline: nothing can be claimed now.</source>
            <translation>Every programme is past its deadline: nothing can be claimed now.</translation>
        </message>
        <message numerus="yes">
            <source>%n claim(s) loaded.</source>
            <translation>
                <numerusform>%n claim loaded.</numerusform>
                <numerusform>%n claims loaded.</numerusform>
            </translation>
        </message>
        <message>
            <source>Select a claim to see its items and receipts.</source>
            <translation>Select a claim to see its items and receipts.</translation>
        </message>
        <message>
            <source>%1 — %2: %3, subsidy %4 (most %5)</source>
            <translation>%1 — %2: %3, subsidy %4 (most %5)</translation>
        </message>
        <message>
            <source>(leaflet: %1)</source>
            <translation>(leaflet: %1)</translation>
        </message>
        <message>
            <source>Daily summary for %1</source>
            <translation>Daily summary for %1</translation>
        </message>
        <message>
            <source>Warnings at %1 days before a deadline.</source>
            <translation>Warnings at %1 days before a deadline.</translation>
        </message>
        <message>
            <source>Programmes: %1 open, %2 closed</source>
            <translation>Programmes: %1 open, %2 closed</translation>
        </message>
        <message>
            <source>Claim deadlines needing attention</source>
            <translation>Claim deadlines needing attention</translation>
        </message>
        <message>
            <source>still claimable %1</source>
            <translation>still claimable %1</translation>
        </message>
        <message>
            <source>None.</source>
            <translation>None.</translation>
        </message>
        <message>
            <source>Transitional measures needing attention</source>
            <translation>Transitional measures needing attention</translation>
        </message>
        <message>
            <source>Claims: %1 in progress (draft or ready), %2 submitted and awaiting a decision.</source>
            <translation>Claims: %1 in progress (draft or ready), %2 submitted and awaiting a decision.</translation>
        </message>
        <message>
            <source>Made %1</source>
            <translation>Made %1</translation>
        </message>
        <message>
            <source>Upload receipt</source>
            <translation>Upload receipt</translation>
        </message>
        <message>
            <source>Receipts (*.pdf *.jpg *.jpeg *.png);;All files (*)</source>
            <translation>Receipts (*.pdf *.jpg *.jpeg *.png);;All files (*)</translation>
        </message>
        <message>
            <source>Cannot read %1.</source>
            <translation>Cannot read %1.</translation>
        </message>
        <message>
            <source>Uploading %1…</source>
            <translation>Uploading %1…</translation>
        </message>
        <message>
            <source>%1 was refused: %2</source>
            <translation>%1 was refused: %2</translation>
        </message>
        <message>
            <source>%1 uploaded, but the same file is on another claim: check it is not claimed twice.</source>
            <translation>%1 uploaded, but the same file is on another claim: check it is not claimed twice.</translation>
        </message>
        <message>
            <source>%1 uploaded (SHA-256 %2).</source>
            <translation>%1 uploaded (SHA-256 %2).</translation>
        </message>
        <message>
            <source>Portal</source>
            <translation>Portal</translation>
        </message>
        <message>
            <source>Post</source>
            <translation>Post</translation>
        </message>
        <message>
            <source>Record filing</source>
            <translation>Record filing</translation>
        </message>
        <message>
            <source>How was the claim filed?</source>
            <translation>How was the claim filed?</translation>
        </message>
        <message>
            <source>The claim is now: %1.</source>
            <translation>The claim is now: %1.</translation>
        </message>
        <message>
            <source>Export claim as PDF</source>
            <translation>Export claim as PDF</translation>
        </message>
        <message>
            <source>Export claim as CSV</source>
            <translation>Export claim as CSV</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>Saved %1.</translation>
        </message>
        <message>
            <source>en</source>
            <extracomment>Locale of the deadline calendar&apos;s month and weekday names (ja in the Japanese UI).</extracomment>
            <translation>en</translation>
        </message>
        <message>
            <source>Double-click or Enter: view the receipt</source>
            <translation>Double-click or Enter: view the receipt</translation>
        </message>
        <message>
            <source>Fetching the receipt…</source>
            <translation>Fetching the receipt…</translation>
        </message>
        <message>
            <source>%1 does not match the SHA-256 stored at upload; it is not shown. Report this to the auditor.</source>
            <translation>%1 does not match the SHA-256 stored at upload; it is not shown. Report this to the auditor.</translation>
        </message>
        <message>
            <source>Receipt %1</source>
            <translation>Receipt %1</translation>
        </message>
        <message numerus="yes">
            <source>SHA-256 %1 (verified), %n byte(s)</source>
            <translation>
                <numerusform>SHA-256 %1 (verified), %n byte</numerusform>
                <numerusform>SHA-256 %1 (verified), %n bytes</numerusform>
            </translation>
        </message>
        <message>
            <source>Cannot write a copy of %1 to view it.</source>
            <translation>Cannot write a copy of %1 to view it.</translation>
        </message>
        <message>
            <source>%1: SHA-256 verified.</source>
            <translation>%1: SHA-256 verified.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>&amp;Delete receipt…</source>
            <translation>&amp;Delete receipt…</translation>
        </message>
        <message>
            <source>Delete receipt</source>
            <translation>Delete receipt</translation>
        </message>
        <message>
            <source>Delete %1 from this claim?</source>
            <translation>Delete %1 from this claim?</translation>
        </message>
        <message>
            <source>The file is removed from the server. The audit trail keeps its name and SHA-256.</source>
            <translation>The file is removed from the server. The audit trail keeps its name and SHA-256.</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Delete</translation>
        </message>
        <message>
            <source>Deleting %1…</source>
            <translation>Deleting %1…</translation>
        </message>
        <message>
            <source>%1 was not deleted: %2</source>
            <translation>%1 was not deleted: %2</translation>
        </message>
        <message>
            <source>%1 was deleted from the claim.</source>
            <translation>%1 was deleted from the claim.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SubsidyLabels</name>
        <message>
            <source>Draft</source>
            <translation>Draft</translation>
        </message>
        <message>
            <source>Ready to file</source>
            <translation>Ready to file</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <source>Granted</source>
            <translation>Granted</translation>
        </message>
        <message>
            <source>Refused</source>
            <translation>Refused</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unknown</translation>
        </message>
        <message numerus="yes">
            <source>Closed (deadline passed %n day(s) ago)</source>
            <translation>
                <numerusform>Closed (deadline passed %n day ago)</numerusform>
                <numerusform>Closed (deadline passed %n days ago)</numerusform>
            </translation>
        </message>
        <message>
            <source>Not yet open</source>
            <translation>Not yet open</translation>
        </message>
        <message>
            <source>Open — closes today</source>
            <translation>Open — closes today</translation>
        </message>
        <message numerus="yes">
            <source>Open — %n day(s) left</source>
            <translation>
                <numerusform>Open — %n day left</numerusform>
                <numerusform>Open — %n days left</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Closed %n day(s) ago</source>
            <translation>
                <numerusform>Closed %n day ago</numerusform>
                <numerusform>Closed %n days ago</numerusform>
            </translation>
        </message>
        <message>
            <source>Closes today</source>
            <translation>Closes today</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) left</source>
            <translation>
                <numerusform>%n day left</numerusform>
                <numerusform>%n days left</numerusform>
            </translation>
        </message>
        <message>
            <source>Full online check required</source>
            <translation>Full online check required</translation>
        </message>
        <message>
            <source>Deferred: may use the limited type (資格確認限定型)</source>
            <translation>Deferred: may use the limited type (資格確認限定型)</translation>
        </message>
        <message>
            <source>Deferred (limited type not allowed)</source>
            <translation>Deferred (limited type not allowed)</translation>
        </message>
        <message>
            <source>Not obliged: may use the limited type</source>
            <translation>Not obliged: may use the limited type</translation>
        </message>
        <message>
            <source>Not obliged: limited type not yet available</source>
            <translation>Not obliged: limited type not yet available</translation>
        </message>
        <message>
            <source>Site data invalid: %1</source>
            <translation>Site data invalid: %1</translation>
        </message>
        <message>
            <source>End date unknown — enter the date it depends on</source>
            <translation>End date unknown — enter the date it depends on</translation>
        </message>
        <message numerus="yes">
            <source>Ends %1 (%n day(s) left)</source>
            <translation>
                <numerusform>Ends %1 (%n day left)</numerusform>
                <numerusform>Ends %1 (%n days left)</numerusform>
            </translation>
        </message>
        <message>
            <source>Ended %1; full check since %2</source>
            <translation>Ended %1; full check since %2</translation>
        </message>
        <message>
            <source>HQ administrator</source>
            <translation>HQ administrator</translation>
        </message>
        <message>
            <source>Branch manager</source>
            <translation>Branch manager</translation>
        </message>
        <message>
            <source>Auditor</source>
            <translation>Auditor</translation>
        </message>
        <message>
            <source>Branch staff</source>
            <translation>Branch staff</translation>
        </message>
        <message>
            <source>Payable</source>
            <translation>Payable</translation>
        </message>
        <message>
            <source>Item cap applied</source>
            <translation>Item cap applied</translation>
        </message>
        <message>
            <source>Not covered by this programme</source>
            <translation>Not covered by this programme</translation>
        </message>
        <message>
            <source>Already subsidised under a sibling programme</source>
            <translation>Already subsidised under a sibling programme</translation>
        </message>
        <message>
            <source>The same receipt is on another claim</source>
            <translation>The same receipt is on another claim</translation>
        </message>
        <message>
            <source>The file is empty.</source>
            <translation>The file is empty.</translation>
        </message>
        <message>
            <source>The file is larger than 10 MB.</source>
            <translation>The file is larger than 10 MB.</translation>
        </message>
        <message>
            <source>The file is not a PDF, JPEG or PNG (its content was checked, not its name).</source>
            <translation>The file is not a PDF, JPEG or PNG (its content was checked, not its name).</translation>
        </message>
        <message>
            <source>The file&apos;s name does not match its content (e.g. a PNG named .pdf).</source>
            <translation>The file&apos;s name does not match its content (e.g. a PNG named .pdf).</translation>
        </message>
        <message>
            <source>The file is damaged and cannot be read.</source>
            <translation>The file is damaged and cannot be read.</translation>
        </message>
        <message>
            <source>The claim cannot move to that state now.</source>
            <translation>The claim cannot move to that state now.</translation>
        </message>
        <message>
            <source>The programme&apos;s deadline has passed.</source>
            <translation>The programme&apos;s deadline has passed.</translation>
        </message>
        <message>
            <source>The claim is not complete yet: it needs its items, the receipt (領収書の写し) and the itemisation (領収書内訳書).</source>
            <translation>The claim is not complete yet: it needs its items, the receipt (領収書の写し) and the itemisation (領収書内訳書).</translation>
        </message>
        <message>
            <source>Only draft claims can be edited.</source>
            <translation>Only draft claims can be edited.</translation>
        </message>
        <message>
            <source>The password must be 8–100 characters with an upper-case letter, a lower-case letter and a digit.</source>
            <translation>The password must be 8–100 characters with an upper-case letter, a lower-case letter and a digit.</translation>
        </message>
        <message>
            <source>That user name is already taken.</source>
            <translation>That user name is already taken.</translation>
        </message>
        <message>
            <source>The last HQ administrator cannot be removed or locked.</source>
            <translation>The last HQ administrator cannot be removed or locked.</translation>
        </message>
        <message>
            <source>Choose a role; branch roles need at least one site.</source>
            <translation>Choose a role; branch roles need at least one site.</translation>
        </message>
        <message>
            <source>Check the site&apos;s data.</source>
            <translation>Check the site&apos;s data.</translation>
        </message>
        <message>
            <source>¥%1</source>
            <extracomment>An amount of yen; %1 is the number with thousands separators.</extracomment>
            <translation>¥%1</translation>
        </message>
        <message>
            <source>Itemisation (領収書内訳書)</source>
            <translation>Itemisation (領収書内訳書)</translation>
        </message>
        <message>
            <source>Receipt (領収書の写し)</source>
            <translation>Receipt (領収書の写し)</translation>
        </message>
        <message>
            <source>The programme is closed</source>
            <translation>The programme is closed</translation>
        </message>
        <message>
            <source>A required document is missing</source>
            <translation>A required document is missing</translation>
        </message>
        <message>
            <source>No items yet</source>
            <translation>No items yet</translation>
        </message>
        <message>
            <source>Nothing in it is payable</source>
            <translation>Nothing in it is payable</translation>
        </message>
        <message>
            <source>The programme no longer exists</source>
            <translation>The programme no longer exists</translation>
        </message>
        <message>
            <source>PDF document</source>
            <translation>PDF document</translation>
        </message>
        <message>
            <source>PNG image</source>
            <translation>PNG image</translation>
        </message>
        <message>
            <source>JPEG image</source>
            <translation>JPEG image</translation>
        </message>
        <message>
            <source>Other file</source>
            <translation>Other file</translation>
        </message>
        <message>
            <source>This programme does not cover the site&apos;s kind of facility.</source>
            <translation>This programme does not cover the site&apos;s kind of facility.</translation>
        </message>
        <message>
            <source>An item has an amount below zero.</source>
            <translation>An item has an amount below zero.</translation>
        </message>
        <message>
            <source>The programme&apos;s terms cannot be applied. Tell the system administrator.</source>
            <translation>The programme&apos;s terms cannot be applied. Tell the system administrator.</translation>
        </message>
        <message>
            <source>This needs checking. Tell the system administrator (%1).</source>
            <extracomment>%1 is an internal reason code, shown for the system administrator.</extracomment>
            <translation>This needs checking. Tell the system administrator (%1).</translation>
        </message>
        <message>
            <source>This claim already holds as many receipt files as it may. Delete a file that is not needed, then upload again.</source>
            <translation>This claim already holds as many receipt files as it may. Delete a file that is not needed, then upload again.</translation>
        </message>
        <message>
            <source>The receipt is no longer on the claim. Refresh the list.</source>
            <translation>The receipt is no longer on the claim. Refresh the list.</translation>
        </message>
        <message>
            <source>This site already has a claim under this programme. Open that claim from the list instead.</source>
            <translation>This site already has a claim under this programme. Open that claim from the list instead.</translation>
        </message>
        <message>
            <source>The claim no longer exists. Refresh the list.</source>
            <translation>The claim no longer exists. Refresh the list.</translation>
        </message>
        <message>
            <source>A claim stays with its site. Make a new claim for the other site.</source>
            <translation>A claim stays with its site. Make a new claim for the other site.</translation>
        </message>
        <message>
            <source>A claim has at most 100 items.</source>
            <translation>A claim has at most 100 items.</translation>
        </message>
        <message>
            <source>An item&apos;s category is not one of the programme&apos;s. Choose it again from the list.</source>
            <translation>An item&apos;s category is not one of the programme&apos;s. Choose it again from the list.</translation>
        </message>
        <message>
            <source>Each item&apos;s amount is a whole number of yen above zero.</source>
            <translation>Each item&apos;s amount is a whole number of yen above zero.</translation>
        </message>
        <message>
            <source>A description, note or file name is too long (descriptions and notes at most 1,000 bytes, about 330 full-width characters).</source>
            <translation>A description, note or file name is too long (descriptions and notes at most 1,000 bytes, about 330 full-width characters).</translation>
        </message>
        <message>
            <source>An item names a terminal that is not registered at this site. Choose it again.</source>
            <translation>An item names a terminal that is not registered at this site. Choose it again.</translation>
        </message>
        <message>
            <source>The decision date is before the filing date. Check both dates.</source>
            <translation>The decision date is before the filing date. Check both dates.</translation>
        </message>
        <message>
            <source>The granted amount must be between 0 yen and the most this claim can receive.</source>
            <translation>The granted amount must be between 0 yen and the most this claim can receive.</translation>
        </message>
        <message>
            <source>A description, note or file name holds a character that cannot be shown (a control character or a direction mark). Type it again without copying it from elsewhere.</source>
            <translation>A description, note or file name holds a character that cannot be shown (a control character or a direction mark). Type it again without copying it from elsewhere.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SubsidyTables</name>
        <message>
            <source>Programme</source>
            <translation>Programme</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>Legal basis</source>
            <translation>Legal basis</translation>
        </message>
        <message>
            <source>ID</source>
            <translation>ID</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Edited by HQ</source>
            <translation>Edited by HQ</translation>
        </message>
        <message>
            <source>Programme file</source>
            <translation>Programme file</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Subsidy (computed)</source>
            <translation>Subsidy (computed)</translation>
        </message>
        <message>
            <source>Official figure</source>
            <translation>Official figure</translation>
        </message>
        <message>
            <source>Items</source>
            <translation>Items</translation>
        </message>
        <message>
            <source>Receipts</source>
            <translation>Receipts</translation>
        </message>
        <message>
            <source>Warnings</source>
            <translation>Warnings</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>Description</translation>
        </message>
        <message>
            <source>File</source>
            <translation>File</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Size</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source>Duplicate</source>
            <translation>Duplicate</translation>
        </message>
        <message>
            <source>Also on another claim</source>
            <translation>Also on another claim</translation>
        </message>
        <message>
            <source>Still claimable</source>
            <translation>Still claimable</translation>
        </message>
        <message>
            <source>Maximum</source>
            <translation>Maximum</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <comment>exact yen, leaflet figure</comment>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Facility kind</source>
            <translation>Facility kind</translation>
        </message>
        <message>
            <source>Transitional measure</source>
            <translation>Transitional measure</translation>
        </message>
        <message>
            <source>Obligation today</source>
            <translation>Obligation today</translation>
        </message>
        <message>
            <source>Measure ends</source>
            <translation>Measure ends</translation>
        </message>
        <message>
            <source>User</source>
            <translation>User</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Sites</source>
            <translation>Sites</translation>
        </message>
        <message>
            <source>All (HQ)</source>
            <extracomment>Separates site names in a list.</extracomment>
            <translation>All (HQ)</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>Disabled</source>
            <translation>Disabled</translation>
        </message>
        <message>
            <source>Locked</source>
            <translation>Locked</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Last login</source>
            <translation>Last login</translation>
        </message>
        <message>
            <source> (%1)</source>
            <translation> (%1)</translation>
        </message>
        <message>
            <source>, </source>
            <translation>, </translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::UserDialog</name>
        <message>
            <source>Change role and sites</source>
            <translation>Change role and sites</translation>
        </message>
        <message>
            <source>New user</source>
            <translation>New user</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Display name</source>
            <translation>Display name</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Sites (branch roles)</source>
            <translation>Sites (branch roles)</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::UsersPage</name>
        <message>
            <source>Passwords: 8–100 characters, with at least one upper-case letter, one lower-case letter and one digit.</source>
            <translation>Passwords: 8–100 characters, with at least one upper-case letter, one lower-case letter and one digit.</translation>
        </message>
        <message>
            <source>Users and roles</source>
            <translation>Users and roles</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>&amp;New user…</source>
            <translation>&amp;New user…</translation>
        </message>
        <message>
            <source>Change &amp;role and sites…</source>
            <translation>Change &amp;role and sites…</translation>
        </message>
        <message>
            <source>F2</source>
            <translation>F2</translation>
        </message>
        <message>
            <source>&amp;Lock</source>
            <translation>&amp;Lock</translation>
        </message>
        <message>
            <source>U&amp;nlock</source>
            <translation>U&amp;nlock</translation>
        </message>
        <message numerus="yes">
            <source>%n user(s).</source>
            <translation>
                <numerusform>%n user.</numerusform>
                <numerusform>%n users.</numerusform>
            </translation>
        </message>
        <message>
            <source>User %1 saved.</source>
            <translation>User %1 saved.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DeviceRouteDialog</name>
        <message>
            <source>Eligibility route of the terminal</source>
            <translation>Eligibility route of the terminal</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::RouteEditor</name>
        <message>
            <source>Eligibility route</source>
            <translation>Eligibility route</translation>
        </message>
        <message>
            <source>Follow the site&apos;s setting</source>
            <translation>Follow the site&apos;s setting</translation>
        </message>
        <message>
            <source>Online eligibility service (API)</source>
            <translation>Online eligibility service (API)</translation>
        </message>
        <message>
            <source>Folders of the on-site eligibility terminal</source>
            <translation>Folders of the on-site eligibility terminal</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>Blank: the site&apos;s code</source>
            <translation>Blank: the site&apos;s code</translation>
        </message>
        <message>
            <source>This terminal records the &amp;face-recognition reader&apos;s results</source>
            <translation>This terminal records the &amp;face-recognition reader&apos;s results</translation>
        </message>
        <message>
            <source>Where several terminals share one eligibility terminal, only one should record them.</source>
            <translation>Where several terminals share one eligibility terminal, only one should record them.</translation>
        </message>
        <message>
            <source>Blank: no hand-off</source>
            <translation>Blank: no hand-off</translation>
        </message>
        <message>
            <source>Each card check is also written there as a face-recognition reader answer file, so the receipt computer reads it as usual.</source>
            <translation>Each card check is also written there as a face-recognition reader answer file, so the receipt computer reads it as usual.</translation>
        </message>
        <message>
            <source>&amp;Route</source>
            <translation>&amp;Route</translation>
        </message>
        <message>
            <source>Re&amp;quest folder (req)</source>
            <translation>Re&amp;quest folder (req)</translation>
        </message>
        <message>
            <source>Request &amp;encoding</source>
            <translation>Request &amp;encoding</translation>
        </message>
        <message>
            <source>Institution code in the &amp;header</source>
            <translation>Institution code in the &amp;header</translation>
        </message>
        <message>
            <source>&amp;Hand-off folder for the receipt computer</source>
            <translation>&amp;Hand-off folder for the receipt computer</translation>
        </message>
        <message>
            <source>This terminal uses its site&apos;s route: %1</source>
            <translation>This terminal uses its site&apos;s route: %1</translation>
        </message>
        <message>
            <source>Requests go through the shared folders of the on-site eligibility terminal; the face-recognition reader&apos;s answers appear in the answer folder.</source>
            <translation>Requests go through the shared folders of the on-site eligibility terminal; the face-recognition reader&apos;s answers appear in the answer folder.</translation>
        </message>
        <message>
            <source>Checks go straight to the online eligibility service.</source>
            <translation>Checks go straight to the online eligibility service.</translation>
        </message>
        <message>
            <source>Ans&amp;wer folder (res)</source>
            <translation>Ans&amp;wer folder (res)</translation>
        </message>
        <message>
            <source>Answer ti&amp;meout</source>
            <translation>Answer ti&amp;meout</translation>
        </message>
        <message>
            <source>Hand-off encodin&amp;g</source>
            <translation>Hand-off encodin&amp;g</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::FailureReportModel</name>
        <message>
            <source>Store</source>
            <translation>Store</translation>
        </message>
        <message>
            <source>Reader model</source>
            <translation>Reader model</translation>
        </message>
        <message>
            <source>Card checks</source>
            <translation>Card checks</translation>
        </message>
        <message>
            <source>Failures</source>
            <translation>Failures</translation>
        </message>
        <message>
            <source>Failure rate</source>
            <translation>Failure rate</translation>
        </message>
        <message>
            <source>Reasons</source>
            <translation>Reasons</translation>
        </message>
        <message>
            <source>Reader not named by the terminal</source>
            <translation>Reader not named by the terminal</translation>
        </message>
        <message numerus="yes">
            <source>%1 %n time(s)</source>
            <translation>
                <numerusform>%1 %n time</numerusform>
                <numerusform>%1 %n times</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::FailureReportPage</name>
        <message>
            <source>Last 7 days</source>
            <translation>Last 7 days</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>Last 30 days</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>By store</source>
            <translation>By store</translation>
        </message>
        <message>
            <source>By card-reader model</source>
            <translation>By card-reader model</translation>
        </message>
        <message>
            <source>By store (worst %1 of %2)</source>
            <translation>By store (worst %1 of %2)</translation>
        </message>
        <message>
            <source>By card-reader model (worst %1 of %2)</source>
            <translation>By card-reader model (worst %1 of %2)</translation>
        </message>
        <message>
            <source>%1 – %2: %3 card checks, %4 failed on the card or the card reader (%5 %). The service&apos;s answers and faults are not counted.</source>
            <translation>%1 – %2: %3 card checks, %4 failed on the card or the card reader (%5 %). The service&apos;s answers and faults are not counted.</translation>
        </message>
        <message>
            <source>Terminals sent more different reader names and reasons than the report reads: only the most frequent are counted (%1 of %2 card checks). Look for a terminal that sends unusual reader names.</source>
            <translation>Terminals sent more different reader names and reasons than the report reads: only the most frequent are counted (%1 of %2 card checks). Look for a terminal that sends unusual reader names.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::CertCalendarModel</name>
        <message>
            <source>the file holds a private key and was not read; name a file with the certificate alone</source>
            <translation>the file holds a private key and was not read; name a file with the certificate alone</translation>
        </message>
        <message>
            <source>the terminal was not active (waiting for approval or revoked)</source>
            <translation>the terminal was not active (waiting for approval or revoked)</translation>
        </message>
        <message>
            <source>HQ&apos;s database could not be reached at the time</source>
            <translation>HQ&apos;s database could not be reached at the time</translation>
        </message>
        <message>
            <source>the terminal&apos;s renewal request could not be read</source>
            <translation>the terminal&apos;s renewal request could not be read</translation>
        </message>
        <message>
            <source>HQ refused it</source>
            <translation>HQ refused it</translation>
        </message>
        <message>
            <source>the file is too large</source>
            <translation>the file is too large</translation>
        </message>
        <message>
            <source>the file is not a PEM or DER certificate</source>
            <translation>the file is not a PEM or DER certificate</translation>
        </message>
        <message>
            <source>the file is missing or cannot be read</source>
            <translation>the file is missing or cannot be read</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>Store</translation>
        </message>
        <message>
            <source>Certificate</source>
            <translation>Certificate</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>Valid until</translation>
        </message>
        <message>
            <source>Not recorded</source>
            <translation>Not recorded</translation>
        </message>
        <message>
            <source>Days left</source>
            <translation>Days left</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>Details</translation>
        </message>
        <message>
            <source>Eligibility terminal (on site)</source>
            <translation>Eligibility terminal (on site)</translation>
        </message>
        <message>
            <source>Kakunin terminal %1</source>
            <translation>Kakunin terminal %1</translation>
        </message>
        <message numerus="yes">
            <source>Expired %n day(s) ago</source>
            <translation>
                <numerusform>Expired %n day ago</numerusform>
                <numerusform>Expired %n days ago</numerusform>
            </translation>
        </message>
        <message>
            <source>Last day today</source>
            <translation>Last day today</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) left</source>
            <translation>
                <numerusform>%n day left</numerusform>
                <numerusform>%n days left</numerusform>
            </translation>
        </message>
        <message>
            <source>Expired: checks stop</source>
            <translation>Expired: checks stop</translation>
        </message>
        <message>
            <source>7 days or less: renew now</source>
            <translation>7 days or less: renew now</translation>
        </message>
        <message>
            <source>30 days or less: the counter is warned</source>
            <translation>30 days or less: the counter is warned</translation>
        </message>
        <message>
            <source>60 days or less</source>
            <translation>60 days or less</translation>
        </message>
        <message>
            <source>90 days or less: renewal open</source>
            <translation>90 days or less: renewal open</translation>
        </message>
        <message>
            <source>No date: enter it</source>
            <translation>No date: enter it</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>Renewed automatically, last on %1</source>
            <translation>Renewed automatically, last on %1</translation>
        </message>
        <message>
            <source>Renewed automatically; not renewed since enrollment</source>
            <translation>Renewed automatically; not renewed since enrollment</translation>
        </message>
        <message>
            <source>last renewal failed on %1 (%2)</source>
            <translation>last renewal failed on %1 (%2)</translation>
        </message>
        <message>
            <source>Read from %1 by %2 on %3</source>
            <translation>Read from %1 by %2 on %3</translation>
        </message>
        <message>
            <source>Recorded by HQ (%1)</source>
            <translation>Recorded by HQ (%1)</translation>
        </message>
        <message>
            <source>Enter the expiry date or the path of the certificate file</source>
            <translation>Enter the expiry date or the path of the certificate file</translation>
        </message>
        <message>
            <source>Certificate file %1: %2</source>
            <translation>Certificate file %1: %2</translation>
        </message>
        <message>
            <source>%1: %2, %3 (%4)</source>
            <translation>%1: %2, %3 (%4)</translation>
        </message>
        <message>
            <source>Certificates expiring (90/60/30/7 days)</source>
            <translation>Certificates expiring (90/60/30/7 days)</translation>
        </message>
        <message>
            <source>; </source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::CertCalendarPage</name>
        <message>
            <source>Certificate calendar</source>
            <translation>Certificate calendar</translation>
        </message>
        <message>
            <source>Warnings only (90 days or less, expired, no date)</source>
            <translation>Warnings only (90 days or less, expired, no date)</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>Record eligibility terminal certificate…</source>
            <translation>Record eligibility terminal certificate…</translation>
        </message>
        <message>
            <source>As of %1: %2 stores. Expired (checks stop, in red): %3 stores. Warnings at 90/60/30/7 days: %4 certificates. Stores without an eligibility terminal date: %5.</source>
            <translation>As of %1: %2 stores. Expired (checks stop, in red): %3 stores. Warnings at 90/60/30/7 days: %4 certificates. Stores without an eligibility terminal date: %5.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::TerminalCertificateDialog</name>
        <message>
            <source>Eligibility terminal certificate</source>
            <translation>Eligibility terminal certificate</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>Store</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>Valid until</translation>
        </message>
        <message>
            <source>or issued on</source>
            <translation>or issued on</translation>
        </message>
        <message>
            <source>Certificate file on the store&apos;s PC</source>
            <translation>Certificate file on the store&apos;s PC</translation>
        </message>
        <message>
            <source>Enter the expiry date, or the issue date (valid 3 years 3 months). With a file path, the store&apos;s terminals read the certificate (never its private key) and its own date is used. Leave everything empty to clear the record.</source>
            <translation>Enter the expiry date, or the issue date (valid 3 years 3 months). With a file path, the store&apos;s terminals read the certificate (never its private key) and its own date is used. Leave everything empty to clear the record.</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingLabels</name>
        <message>
            <source>Application</source>
            <translation>Application</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>User settings received</source>
            <translation>User settings received</translation>
        </message>
        <message>
            <source>Terminal installed</source>
            <translation>Terminal installed</translation>
        </message>
        <message>
            <source>Activation</source>
            <translation>Activation</translation>
        </message>
        <message>
            <source>Operation start</source>
            <translation>Operation start</translation>
        </message>
        <message>
            <source>Subsidy claimed</source>
            <translation>Subsidy claimed</translation>
        </message>
        <message>
            <source>Hokkaido</source>
            <translation>Hokkaido</translation>
        </message>
        <message>
            <source>Tohoku</source>
            <translation>Tohoku</translation>
        </message>
        <message>
            <source>Kanto</source>
            <translation>Kanto</translation>
        </message>
        <message>
            <source>Chubu</source>
            <translation>Chubu</translation>
        </message>
        <message>
            <source>Kinki</source>
            <translation>Kinki</translation>
        </message>
        <message>
            <source>Chugoku</source>
            <translation>Chugoku</translation>
        </message>
        <message>
            <source>Shikoku</source>
            <translation>Shikoku</translation>
        </message>
        <message>
            <source>Kyushu and Okinawa</source>
            <translation>Kyushu and Okinawa</translation>
        </message>
        <message>
            <source>end of the transitional measure (online checks required from this day)</source>
            <translation>end of the transitional measure (online checks required from this day)</translation>
        </message>
        <message>
            <source>subsidy claim deadline (claims follow the start)</source>
            <translation>subsidy claim deadline (claims follow the start)</translation>
        </message>
        <message>
            <source>unknown: the transitional measure&apos;s end date has not been given</source>
            <translation>unknown: the transitional measure&apos;s end date has not been given</translation>
        </message>
        <message>
            <source>no rule sets a deadline</source>
            <translation>no rule sets a deadline</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>On schedule</source>
            <translation>On schedule</translation>
        </message>
        <message>
            <source>No deadline</source>
            <translation>No deadline</translation>
        </message>
        <message>
            <source>Done %1</source>
            <translation>Done %1</translation>
        </message>
        <message>
            <source>Due %1</source>
            <translation>Due %1</translation>
        </message>
        <message>
            <source>Due today</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Owner: %1</source>
            <translation>Owner: %1</translation>
        </message>
        <message>
            <source>Deadline by the rules: %1 — %2</source>
            <translation>Deadline by the rules: %1 — %2</translation>
        </message>
        <message>
            <source>Planned: %1</source>
            <translation>Planned: %1</translation>
        </message>
        <message>
            <source>The plan is later than the deadline.</source>
            <translation>The plan is later than the deadline.</translation>
        </message>
        <message>
            <source>Done after its due date.</source>
            <translation>Done after its due date.</translation>
        </message>
        <message numerus="yes">
            <source>Overdue by %n day(s)</source>
            <translation>
                <numerusform>Overdue by %n day</numerusform>
                <numerusform>Overdue by %n days</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) left</source>
            <translation>
                <numerusform>%n day left</numerusform>
                <numerusform>%n days left</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingModel</name>
        <message>
            <source>Store</source>
            <translation>Store</translation>
        </message>
        <message>
            <source>Prefecture</source>
            <translation>Prefecture</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingExport</name>
        <message>
            <source>Store ID</source>
            <translation>Store ID</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>Store</translation>
        </message>
        <message>
            <source>Prefecture</source>
            <translation>Prefecture</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>Region</translation>
        </message>
        <message>
            <source>Next stage</source>
            <translation>Next stage</translation>
        </message>
        <message>
            <source>Overdue stages</source>
            <translation>Overdue stages</translation>
        </message>
        <message>
            <source>planned</source>
            <translation>planned</translation>
        </message>
        <message>
            <source>deadline</source>
            <translation>deadline</translation>
        </message>
        <message>
            <source>done</source>
            <translation>done</translation>
        </message>
        <message>
            <source>state</source>
            <translation>state</translation>
        </message>
        <message>
            <source>owner</source>
            <translation>owner</translation>
        </message>
        <message>
            <source>note</source>
            <translation>note</translation>
        </message>
        <message>
            <source>all done</source>
            <translation>all done</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingPage</name>
        <message>
            <source>All regions</source>
            <translation>All regions</translation>
        </message>
        <message>
            <source>All prefectures</source>
            <translation>All prefectures</translation>
        </message>
        <message>
            <source>Every stage</source>
            <translation>Every stage</translation>
        </message>
        <message>
            <source>Now at: %1</source>
            <translation>Now at: %1</translation>
        </message>
        <message>
            <source>Overdue only</source>
            <translation>Overdue only</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>Export as CSV</source>
            <translation>Export as CSV</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>Region</translation>
        </message>
        <message>
            <source>Prefecture</source>
            <translation>Prefecture</translation>
        </message>
        <message>
            <source>Stage</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>%1 of %2 stores shown (as of %3): %4 stores have overdue stages (%5 stages in all), %6 stores have finished every stage.</source>
            <translation>%1 of %2 stores shown (as of %3): %4 stores have overdue stages (%5 stages in all), %6 stores have finished every stage.</translation>
        </message>
        <message>
            <source>Could not write %1.</source>
            <translation>Could not write %1.</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingStageDialog</name>
        <message>
            <source>Write dates as 2026-04-30.</source>
            <translation>Write dates as 2026-04-30.</translation>
        </message>
        <message>
            <source>Dates must be in the years %1 to %2.</source>
            <translation>Dates must be in the years %1 to %2.</translation>
        </message>
        <message>
            <source>The done date cannot be in the future.</source>
            <translation>The done date cannot be in the future.</translation>
        </message>
        <message>
            <source>The owner may have at most %1 characters.</source>
            <translation>The owner may have at most %1 characters.</translation>
        </message>
        <message>
            <source>The note may have at most %1 characters.</source>
            <translation>The note may have at most %1 characters.</translation>
        </message>
        <message>
            <source>There are characters that cannot be read (garbled text or 外字).</source>
            <translation>There are characters that cannot be read (garbled text or 外字).</translation>
        </message>
        <message>
            <source>The owner must be one line without tabs or other control characters.</source>
            <translation>The owner must be one line without tabs or other control characters.</translation>
        </message>
        <message>
            <source>This store is no longer registered.</source>
            <translation>This store is no longer registered.</translation>
        </message>
        <message>
            <source>Unknown stage.</source>
            <translation>Unknown stage.</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 — %2</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>Planned date</source>
            <translation>Planned date</translation>
        </message>
        <message>
            <source>Done date</source>
            <translation>Done date</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>Owner</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::VisualAllowanceDialog</name>
        <message>
            <source>Allow one visual check</source>
            <translation>Allow one visual check</translation>
        </message>
        <message>
            <source>e.g. PIN locked; identity confirmed against the card&apos;s photo</source>
            <translation>e.g. PIN locked; identity confirmed against the card&apos;s photo</translation>
        </message>
        <message>
            <source>&amp;Allow once</source>
            <translation>&amp;Allow once</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>Store</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>&amp;Reason</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>The patient&apos;s PIN cannot be used and HQ does not allow the visual check at this store. Allow staff at this terminal to check ONE card with the visual check (comparing the patient with the card&apos;s photo). The permission lapses after %1 minutes if unused. Your name and the reason are kept in the audit trail for good: do not write the patient&apos;s name or anything else about the patient.</source>
            <translation>The patient&apos;s PIN cannot be used and HQ does not allow the visual check at this store. Allow staff at this terminal to check ONE card with the visual check (comparing the patient with the card&apos;s photo). The permission lapses after %1 minutes if unused. Your name and the reason are kept in the audit trail for good: do not write the patient&apos;s name or anything else about the patient.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::AllowanceModel</name>
        <message>
            <source>Replaced by a newer permission</source>
            <translation>Replaced by a newer permission</translation>
        </message>
        <message>
            <source>Expired unused</source>
            <translation>Expired unused</translation>
        </message>
        <message>
            <source>Used</source>
            <translation>Used</translation>
        </message>
        <message>
            <source>Unused (until %1)</source>
            <translation>Unused (until %1)</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>Check</translation>
        </message>
        <message>
            <source>Granted by</source>
            <translation>Granted by</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Used at</source>
            <translation>Used at</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Granted</source>
            <translation>Granted</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::AllowanceHistoryDialog</name>
        <message numerus="yes">
            <source>%n permission(s)</source>
            <translation>
                <numerusform>%n permission</numerusform>
                <numerusform>%n permissions</numerusform>
            </translation>
        </message>
        <message>
            <source>No visual check was allowed on this terminal in the last 30 days.</source>
            <translation>No visual check was allowed on this terminal in the last 30 days.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>One-time visual checks allowed on %1 (%2) in the last 30 days.</source>
            <translation>One-time visual checks allowed on %1 (%2) in the last 30 days.</translation>
        </message>
        <message>
            <source>Visual check permissions</source>
            <translation>Visual check permissions</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DeviceHealth</name>
        <message>
            <source>Card reader not found</source>
            <translation>Card reader not found</translation>
        </message>
        <message>
            <source>Results cannot be saved</source>
            <translation>Results cannot be saved</translation>
        </message>
        <message>
            <source>Results cannot be read</source>
            <translation>Results cannot be read</translation>
        </message>
        <message>
            <source>Unknown state reported</source>
            <translation>Unknown state reported</translation>
        </message>
        <message>
            <source>, </source>
            <translation>, </translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>Since %1. Ask the store to check that the card reader is plugged in (USB cable); until it is, the store checks insurance with documents.</source>
            <translation>Since %1. Ask the store to check that the card reader is plugged in (USB cable); until it is, the store checks insurance with documents.</translation>
        </message>
        <message numerus="yes">
            <source>Since %1. %n check(s) are held in the terminal&apos;s memory only and are lost if it is shut down. Ask the store not to shut it down, and have the terminal&apos;s disk space and outbox.db checked (kakunin-agent status).</source>
            <translation>
                <numerusform>Since %1. %n check(s) are held in the terminal&apos;s memory only and are lost if it is shut down. Ask the store not to shut it down, and have the terminal&apos;s disk space and outbox.db checked (kakunin-agent status).</numerusform>
                <numerusform>Since %1. %n check(s) are held in the terminal&apos;s memory only and are lost if it is shut down. Ask the store not to shut it down, and have the terminal&apos;s disk space and outbox.db checked (kakunin-agent status).</numerusform>
            </translation>
        </message>
        <message>
            <source>Since %1. The terminal keeps its results but cannot send them to HQ. Have its outbox.db checked (kakunin-agent status).</source>
            <translation>Since %1. The terminal keeps its results but cannot send them to HQ. Have its outbox.db checked (kakunin-agent status).</translation>
        </message>
        <message>
            <source>The terminal reported a state this server does not know (a newer agent, or a fault). Check the terminal with kakunin-agent status.</source>
            <translation>The terminal reported a state this server does not know (a newer agent, or a fault). Check the terminal with kakunin-agent status.</translation>
        </message>
        <message>
            <source>%1 (last report)</source>
            <translation>%1 (last report)</translation>
        </message>
        <message>
            <source>The terminal&apos;s last report (%1). It is not connected to HQ now, so this may have changed.</source>
            <translation>The terminal&apos;s last report (%1). It is not connected to HQ now, so this may have changed.</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::BackupWarning</name>
        <message>
            <source>No backup of HQ has ever been taken. On HQ&apos;s server, create the passphrase file /etc/kakunin/backup.pass (see "Backup and restore" in the deployment guide), then check that the nightly backup runs with journalctl -u kakunin-backup.</source>
            <translation>No backup of HQ has ever been taken. On HQ&apos;s server, create the passphrase file /etc/kakunin/backup.pass (see "Backup and restore" in the deployment guide), then check that the nightly backup runs with journalctl -u kakunin-backup.</translation>
        </message>
        <message numerus="yes">
            <source>The last backup was %n day(s) ago (%1). The nightly backup is failing: on HQ&apos;s server, see why with journalctl -u kakunin-backup (for example, the passphrase file /etc/kakunin/backup.pass is missing).</source>
            <extracomment>%n = whole days since the newest backup (2 or more), %1 = when it finished.</extracomment>
            <translation>
                <numerusform>The last backup was %n day ago (%1). The nightly backup is failing: on HQ&apos;s server, see why with journalctl -u kakunin-backup (for example, the passphrase file /etc/kakunin/backup.pass is missing).</numerusform>
                <numerusform>The last backup was %n days ago (%1). The nightly backup is failing: on HQ&apos;s server, see why with journalctl -u kakunin-backup (for example, the passphrase file /etc/kakunin/backup.pass is missing).</numerusform>
            </translation>
        </message>
    </context>
</TS>
