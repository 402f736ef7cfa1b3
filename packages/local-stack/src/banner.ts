import { DEMO_ACCOUNT } from './stack.ts';

/**
 * What a newcomer needs once the stack is up: where it listens, the demo credentials, and
 * examples to copy into a shell (curl) or PowerShell 5.1 / 7.
 */
export const banner = (url: string): string => {
  const { username, password } = DEMO_ACCOUNT;
  return `
File SLA Error service — local stack ready at ${url}

Demo service account (local only): ${username} / ${password}

curl (bash):
  TOKEN=$(curl -s -X POST ${url}/auth -H 'Content-Type: application/json' \\
    -d '{"username":"${username}","password":"${password}"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\\1/')
  curl -s -X POST ${url}/sla-errors -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
    -d '{"fileName":"SETTLEMENT_20261124.csv","sourceSystem":"SAP-FI","slaDeadline":"2026-11-24T06:00:00Z","errorType":"MISSING","errorMessage":"File not received by 06:00 UTC"}'
  curl -s ${url}/sla-errors/<errorId> -H "Authorization: Bearer $TOKEN"
  curl -s "${url}/sla-errors?sourceSystem=SAP-FI&fileName=SETTLEMENT_20261124.csv" -H "Authorization: Bearer $TOKEN"

PowerShell (Windows PowerShell 5.1 and PowerShell 7):
  $login = Invoke-RestMethod -Method Post -Uri '${url}/auth' -ContentType 'application/json; charset=utf-8' \`
    -Body (@{ username = '${username}'; password = '${password}' } | ConvertTo-Json)
  $headers = @{ Authorization = "Bearer $($login.accessToken)" }
  $report = @{
    fileName     = 'SETTLEMENT_20261124.csv'
    sourceSystem = 'SAP-FI'
    slaDeadline  = (Get-Date '2026-11-24T06:00:00Z').ToUniversalTime().ToString('o')
    errorType    = 'MISSING'
    errorMessage = 'File not received by 06:00 UTC'
    hostName     = $env:COMPUTERNAME
  }
  Invoke-RestMethod -Method Post -Uri '${url}/sla-errors' -Headers $headers \`
    -ContentType 'application/json; charset=utf-8' -Body ($report | ConvertTo-Json -Depth 5)

A complete script: examples/Report-SlaError.ps1. Stop with Ctrl-C.
`;
};
