#!/usr/bin/env bash
# Deploys the File SLA Error service to AWS, or rolls its `live` aliases back one version.
# .github/workflows/deploy.yml runs exactly this script, so a laptop and CI take the same steps
# (docs/deploy.md: from an empty account to a first report).
#
# Deploy (after `pnpm build` and `pnpm synth`, with AWS credentials in the environment):
#   1. reads the functions from <dist>/functions.json (the build's list: every manifest, its zip
#      and the zip's SHA-256; a zip whose hash differs is refused) - no function is named here;
#   2. uploads each zip to the artifact bucket under a content-hash key (<stack>/<function>/<sha256>.zip);
#   3. aws cloudformation deploy of the synthesized service template (<dist>/infra/service.template.json)
#      with those keys, through the artifact bucket (<stack>/templates/), as the CloudFormation
#      execution role when one is given;
#   4. reads the user pool's JWKS (https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json)
#      and, only when it differs from the stack's UserPoolJwks parameter, deploys again with it, so
#      the functions know the signing keys before their first request;
#   5. per function: update-function-code --publish (a new numbered version), wait until the update
#      is done, then moves the `live` alias (what the HTTP API and event sources invoke) to it.
# Rollback (--rollback): per function, moves `live` to the second newest published version.
#
# --dry-run prints every command instead of running it (placeholders such as <NAME-version>
# stand for what AWS would answer); it needs no AWS CLI and no credentials.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/deploy.sh [options]

  --stack-name NAME          CloudFormation stack   (env STACK_NAME, default file-sla-errors)
  --region REGION            AWS region             (env AWS_REGION or AWS_DEFAULT_REGION; required)
  --artifact-bucket NAME     S3 bucket for the zips and the template (env ARTIFACT_BUCKET; required to deploy)
  --execution-role-arn ARN   role CloudFormation deploys the stack with (env CFN_EXECUTION_ROLE_ARN;
                             the bootstrap stack's ExecutionRoleArn output; default: the caller's own rights)
  --stage STAGE              template parameter Stage (env STAGE; default: the stack's current value,
                             or the template default "prod" for a new stack)
  --parameter KEY=VALUE      any other template parameter, e.g. LogRetentionDays=90 (repeatable)
  --dist-dir DIR             where the build put functions.json and the zips (env DIST_DIR, default dist)
  --template FILE            the service template (env TEMPLATE_FILE, default <dist>/infra/service.template.json)
  --rollback                 point each live alias at the previous published version instead
  --dry-run                  print the commands instead of running them
  -h, --help                 this text
EOF_USAGE
}

die() {
  echo "deploy.sh: $*" >&2
  exit 1
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."

stack_name=${STACK_NAME:-file-sla-errors}
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
artifact_bucket=${ARTIFACT_BUCKET:-}
execution_role_arn=${CFN_EXECUTION_ROLE_ARN:-}
stage=${STAGE:-}
dist_dir=${DIST_DIR:-dist}
template=${TEMPLATE_FILE:-}
mode=deploy
dry_run=false
extra_parameters=()
alias_name=live

valued_options='--stack-name --region --artifact-bucket --execution-role-arn --stage --parameter --dist-dir --template'
while (($# > 0)); do
  case $1 in
    --rollback) mode=rollback; shift; continue ;;
    --dry-run) dry_run=true; shift; continue ;;
    -h | --help) usage; exit 0 ;;
    --*=*) option=${1%%=*}; value=${1#*=}; shift ;;
    *) option=$1; value=${2-}; (($# > 1)) || value=''; shift; (($# == 0)) || shift ;;
  esac
  [[ " $valued_options " == *" $option "* ]] || { usage >&2; die "unknown option: $option"; }
  [[ -n $value ]] || die "$option needs a value"
  case $option in
    --stack-name) stack_name=$value ;;
    --region) region=$value ;;
    --artifact-bucket) artifact_bucket=$value ;;
    --execution-role-arn) execution_role_arn=$value ;;
    --stage) stage=$value ;;
    --dist-dir) dist_dir=$value ;;
    --template) template=$value ;;
    --parameter)
      [[ $value == [A-Za-z]*=* ]] || die "--parameter needs KEY=VALUE (got \"$value\")"
      extra_parameters+=("$value")
      ;;
  esac
done

[[ -n $region ]] || die "no region: pass --region or set AWS_REGION"
[[ $mode == rollback || -n $artifact_bucket ]] || die "no artifact bucket: pass --artifact-bucket or set ARTIFACT_BUCKET"
dist_dir=${dist_dir%/}
template=${template:-$dist_dir/infra/service.template.json}
command -v node >/dev/null || die "Node.js (node) is needed to read $dist_dir/functions.json"

if [[ $dry_run == false ]]; then
  command -v aws >/dev/null || die "the AWS CLI (aws) is not installed; --dry-run shows what would run"
  export AWS_PAGER=''
fi

# One argument as a shell word: bare when safe (placeholders such as <version> included), else quoted.
quote() {
  local word=$1
  if [[ $word =~ ^[A-Za-z0-9_./:=@,+%-]+$ || $word =~ ^[A-Za-z0-9_.:=/-]*\<[A-Za-z0-9_.:-]+\>[A-Za-z0-9_./:-]*$ ]]; then
    printf '%s' "$word"
  elif [[ $word != *"'"* ]]; then
    printf "'%s'" "$word"
  elif [[ $word != *[\"\$\`\\!]* ]]; then
    printf '"%s"' "$word"
  else
    printf "'%s'" "${word//\'/\'\\\'\'}"
  fi
}

command_line() {
  local line='' word
  for word in "$@"; do line+="${line:+ }$(quote "$word")"; done
  printf '%s\n' "$line"
}

# Runs a command (echoed to stderr first), or in a dry run prints it to stdout.
run() {
  if [[ $dry_run == true ]]; then
    command_line "$@"
  else
    command_line "+" "$@" >&2
    "$@"
  fi
}

# capture VAR PLACEHOLDER command...: VAR = the command's trimmed output (a dry run: PLACEHOLDER).
capture() {
  local _into=$1 _captured=$2
  shift 2
  if [[ $dry_run == true ]]; then
    command_line "$@"
  else
    command_line "+" "$@" >&2
    _captured=$("$@")
    _captured=${_captured//$'\r'/}
  fi
  printf -v "$_into" '%s' "$_captured"
}

# A line of the plan that is not a command (a dry run prints it as a comment).
note() {
  if [[ $dry_run == true ]]; then echo "# $*"; else echo "deploy.sh: $*" >&2; fi
}

stack_output() {
  capture "$1" "<$2>" aws cloudformation describe-stacks --stack-name "$stack_name" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text --region "$region"
  [[ $dry_run == true || (-n ${!1} && ${!1} != None) ]] || die "stack $stack_name has no output $2"
}

# The functions, from the build's list: parallel arrays, one entry per function.
fn_names=() fn_zips=() fn_hashes=() fn_key_parameters=() fn_outputs=()
read_functions() {
  local listing name zip hash key_parameter output
  listing=$(node infra/src/deploy-functions.mjs "$dist_dir" "$@") || exit 1
  while IFS=$'\t' read -r name zip hash key_parameter output; do
    [[ -n $name ]] || continue
    fn_names+=("$name") fn_zips+=("$zip") fn_hashes+=("$hash") fn_key_parameters+=("$key_parameter") fn_outputs+=("$output")
  done <<<"$listing"
}

# function_names[i]: the deployed name of function i, from the stack outputs.
function_names=()
read_function_names() {
  local i name
  for i in "${!fn_outputs[@]}"; do
    stack_output name "${fn_outputs[$i]}"
    function_names+=("$name")
  done
}

stack_deploy() {
  local role=()
  [[ -z $execution_role_arn ]] || role=(--role-arn "$execution_role_arn")
  run aws cloudformation deploy --template-file "$template" --stack-name "$stack_name" \
    --s3-bucket "$artifact_bucket" --s3-prefix "$stack_name/templates" ${role[@]+"${role[@]}"} \
    --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset \
    --parameter-overrides "$@" --region "$region"
}

# The user pool's JWKS as compact JSON (a dry run: <user-pool-jwks>).
fetch_jwks() {
  local pool=$1 url raw
  url="https://cognito-idp.$region.amazonaws.com/$pool/.well-known/jwks.json"
  capture raw '<user-pool-jwks>' curl -fsS --retry 3 --max-time 10 "$url"
  if [[ $dry_run == true ]]; then
    jwks=$raw
  else
    jwks=$(node -e 'const j = JSON.parse(process.argv[1]); if (!Array.isArray(j.keys) || j.keys.length === 0) throw new Error("no keys"); process.stdout.write(JSON.stringify(j));' "$raw") ||
      die "$url did not answer a JWKS document"
  fi
}

deploy() {
  [[ -f $template ]] || die "$template not found: run pnpm synth first"
  read_functions
  local i key parameters=("CodeBucket=$artifact_bucket")
  for i in "${!fn_names[@]}"; do
    key=$stack_name/${fn_names[$i]}/${fn_hashes[$i]}.zip
    parameters+=("${fn_key_parameters[$i]}=$key")
    run aws s3 cp "${fn_zips[$i]}" "s3://$artifact_bucket/$key" --no-progress --region "$region"
  done
  [[ -z $stage ]] || parameters+=("Stage=$stage")
  # ${a[@]+...}: an empty array under `set -u` on bash 3.2 (macOS)
  parameters+=(${extra_parameters[@]+"${extra_parameters[@]}"})
  stack_deploy "${parameters[@]}"

  local pool current jwks
  stack_output pool UserPoolId
  capture current '<UserPoolJwks>' aws cloudformation describe-stacks --stack-name "$stack_name" \
    --query "Stacks[0].Parameters[?ParameterKey=='UserPoolJwks'].ParameterValue" --output text --region "$region"
  fetch_jwks "$pool"
  if [[ $dry_run == true ]]; then
    note "only when the user pool's JWKS differs from the stack's UserPoolJwks parameter:"
    stack_deploy "${parameters[@]}" "UserPoolJwks=$jwks"
  elif [[ $jwks != "$current" ]]; then
    note "the user pool's JWKS is new to the stack: deploying it (UserPoolJwks)"
    stack_deploy "${parameters[@]}" "UserPoolJwks=$jwks"
  fi

  read_function_names
  local name version
  for i in "${!fn_names[@]}"; do
    name=${function_names[$i]}
    capture version "<${fn_names[$i]}-version>" aws lambda update-function-code --function-name "$name" \
      --zip-file "fileb://${fn_zips[$i]}" --publish --query Version --output text --region "$region"
    [[ $dry_run == true || $version =~ ^[0-9]+$ ]] || die "update-function-code --publish gave no version for $name (got \"$version\")"
    run aws lambda wait function-updated-v2 --function-name "$name" --region "$region"
    run aws lambda update-alias --function-name "$name" --name "$alias_name" --function-version "$version" \
      --query FunctionVersion --output text --region "$region"
    [[ $dry_run == true ]] || echo "deploy.sh: $name: $alias_name -> version $version" >&2
  done
}

# Every deploy publishes a new version of each function, so the second newest version is the one
# the previous deploy made live. All targets are found before any alias moves.
rollback() {
  read_functions --names-only
  read_function_names
  local i name versions previous targets=()
  for i in "${!fn_names[@]}"; do
    name=${function_names[$i]}
    capture versions '<versions>' aws lambda list-versions-by-function --function-name "$name" \
      --query 'Versions[].Version' --output text --region "$region"
    if [[ $dry_run == true ]]; then
      previous="<${fn_names[$i]}-previous-version>"
    else
      # the numbered versions, newest first (the list also holds $LATEST)
      previous=$(tr -s '[:space:]' '\n' <<<"$versions" | grep -E '^[0-9]+$' | sort -rn | sed -n 2p || true)
      [[ -n $previous ]] || die "$name has fewer than two published versions: nothing to roll back to"
    fi
    targets+=("$previous")
  done
  for i in "${!fn_names[@]}"; do
    name=${function_names[$i]}
    run aws lambda update-alias --function-name "$name" --name "$alias_name" --function-version "${targets[$i]}" \
      --query FunctionVersion --output text --region "$region"
    [[ $dry_run == true ]] || echo "deploy.sh: $name: $alias_name -> version ${targets[$i]} (rolled back)" >&2
  done
}

"$mode"
