<#
.SYNOPSIS
    Reports one file SLA error to the File SLA Error service.

.DESCRIPTION
    Logs in with a service account (POST /auth), then posts the SLA error (POST /sla-errors)
    with the access token. Works on Windows PowerShell 5.1 and PowerShell 7: the body is sent
    as UTF-8 bytes with an explicit content type, dates are sent in UTC ISO 8601, and
    ConvertTo-Json gets a -Depth large enough for 'details'.

    A first login of an admin-created account answers 401 "new-password-required"; set the
    new password once with -NewPassword.

.EXAMPLE
    $cred = Get-Credential demo-service
    .\Report-SlaError.ps1 -BaseUrl http://127.0.0.1:3000 -Credential $cred `
        -FileName SETTLEMENT_20261124.csv -SourceSystem SAP-FI `
        -SlaDeadline ([datetime]::new(2026, 11, 24, 6, 0, 0, [DateTimeKind]::Utc)) `
        -ErrorType MISSING -ErrorMessage 'File not received by 06:00 UTC' `
        -FilePath '\\fs01\inbound\sap' -Details @{ jobName = 'Watch-SapInbound'; attempt = 1 }
#>
[CmdletBinding()]
param(
    [string] $BaseUrl = 'http://127.0.0.1:3000',
    [Parameter(Mandatory)] [pscredential] $Credential,
    [Parameter(Mandatory)] [string] $FileName,
    [Parameter(Mandatory)] [string] $SourceSystem,
    [Parameter(Mandatory)] [datetime] $SlaDeadline,
    [ValidateSet('MISSING', 'LATE', 'EMPTY', 'INCOMPLETE', 'INVALID_FORMAT', 'DUPLICATE', 'OTHER')]
    [string] $ErrorType = 'MISSING',
    [Parameter(Mandatory)] [string] $ErrorMessage,
    [ValidateSet('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')]
    [string] $Severity = 'HIGH',
    [string] $FilePath,
    [hashtable] $Details,
    [securestring] $NewPassword
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Invoke-Json {
    param([string] $Method, [string] $Path, [object] $Body, [hashtable] $Headers = @{})
    # Bytes, not a string: Windows PowerShell 5.1 would not send a string body as UTF-8.
    $json = $Body | ConvertTo-Json -Depth 10 -Compress
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($json)
    Invoke-RestMethod -Method $Method -Uri ($BaseUrl.TrimEnd('/') + $Path) -Headers $Headers `
        -ContentType 'application/json; charset=utf-8' -Body $bytes
}

$username = $Credential.UserName
$login = @{ username = $username; password = $Credential.GetNetworkCredential().Password }
if ($NewPassword) {
    # First login of an admin-created account: get the challenge session, then set the password.
    try { $null = Invoke-Json -Method Post -Path '/auth' -Body $login }
    catch {
        $problem = $_.ErrorDetails.Message | ConvertFrom-Json
        if ($problem.challengeName -ne 'NEW_PASSWORD_REQUIRED') { throw }
        $plain = [pscredential]::new($username, $NewPassword).GetNetworkCredential().Password
        $login = @{ username = $username; newPassword = $plain; session = $problem.session }
    }
}
$tokens = Invoke-Json -Method Post -Path '/auth' -Body $login

# One SLA error; dates in UTC with an offset, as the service requires.
$report = [ordered]@{
    fileName     = $FileName
    sourceSystem = $SourceSystem
    slaDeadline  = $SlaDeadline.ToUniversalTime().ToString('o')
    errorType    = $ErrorType
    errorMessage = $ErrorMessage
    severity     = $Severity
    hostName     = $env:COMPUTERNAME
}
if ($FilePath) { $report.filePath = $FilePath }
if ($Details) { $report.details = $Details }

$result = Invoke-Json -Method Post -Path '/sla-errors' -Body $report `
    -Headers @{ Authorization = "Bearer $($tokens.accessToken)" }
Write-Output ("SLA error {0}: {1}" -f $result.errorId, $result.status)
