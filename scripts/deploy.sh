#!/usr/bin/env bash
# Deploys the File SLA Error service to AWS, or rolls its `live` aliases back one version.
# .github/workflows/deploy.yml runs exactly this script, so a laptop and CI take the same steps.
#
# Deploy (after `pnpm build`, with AWS credentials in the environment):
#   1. uploads dist/auth-lambda.zip and dist/sla-error-lambda.zip to the artifact bucket under
#      content-hash keys (<stack>/<function>/<sha256>.zip);
#   2. aws cloudformation deploy of infra/template.yaml with those keys;
#   3. reads the function names from the stack outputs;
#   4. per function: update-function-code --publish (a new numbered version), wait until the
#      update is done, then moves the `live` alias (what the HTTP API invokes) to that version.
# Rollback (--rollback): per function, moves `live` to the second newest published version.
#
# --dry-run prints every AWS CLI command instead of running it (placeholders such as
# <auth-lambda-version> stand for what AWS would answer); it needs no AWS CLI and no credentials.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/deploy.sh [options]

  --stack-name NAME        CloudFormation stack   (env STACK_NAME, default file-sla-errors)
  --region REGION          AWS region             (env AWS_REGION or AWS_DEFAULT_REGION; required)
  --artifact-bucket NAME   S3 bucket for the zips (env ARTIFACT_BUCKET; required to deploy)
  --stage STAGE            template parameter Stage (env STAGE; default: the stack's current value,
                           or the template default "prod" for a new stack)
  --parameter KEY=VALUE    any other template parameter, e.g. SlaErrorMemorySize=1024 (repeatable)
  --dist-dir DIR           where the zips are     (env DIST_DIR, default dist)
  --rollback               point each live alias at the previous published version instead
  --dry-run                print the AWS CLI commands instead of running them
  -h, --help               this text
EOF
}

die() {
  echo "deploy.sh: $*" >&2
  exit 1
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."

stack_name=${STACK_NAME:-file-sla-errors}
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
artifact_bucket=${ARTIFACT_BUCKET:-}
stage=${STAGE:-}
dist_dir=${DIST_DIR:-dist}
mode=deploy
dry_run=false
extra_parameters=()

template=infra/template.yaml
alias_name=live
# stack output holding the function name, and the zip (dist/<zip>.zip) it runs
functions=(
  'AuthFunctionName auth-lambda'
  'SlaErrorFunctionName sla-error-lambda'
)

valued_options='--stack-name --region --artifact-bucket --stage --parameter --dist-dir'
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
    --stage) stage=$value ;;
    --dist-dir) dist_dir=$value ;;
    --parameter)
      [[ $value == [A-Za-z]*=* ]] || die "--parameter needs KEY=VALUE (got \"$value\")"
      extra_parameters+=("$value")
      ;;
  esac
done

[[ -n $region ]] || die "no region: pass --region or set AWS_REGION"
[[ $mode == rollback || -n $artifact_bucket ]] || die "no artifact bucket: pass --artifact-bucket or set ARTIFACT_BUCKET"
dist_dir=${dist_dir%/}

if [[ $dry_run == false ]]; then
  command -v aws >/dev/null || die "the AWS CLI (aws) is not installed; --dry-run shows what would run"
  export AWS_PAGER=''
fi

# One argument as a shell word: bare when safe (placeholders such as <version> included), else quoted.
quote() {
  local word=$1
  if [[ $word =~ ^[A-Za-z0-9_./:=@,+%-]+$ || $word =~ ^\<[A-Za-z0-9_.:-]+\>$ ]]; then
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

# Runs an AWS CLI command (echoed to stderr first), or in a dry run prints it to stdout.
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

sha256() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

stack_output() {
  capture "$1" "<$2>" aws cloudformation describe-stacks --stack-name "$stack_name" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text --region "$region"
  [[ $dry_run == true || (-n ${!1} && ${!1} != None) ]] || die "stack $stack_name has no output $2"
}

# function_names[i]: the deployed name of functions[i], from the stack outputs.
function_names=()
read_function_names() {
  local entry output zip name
  for entry in "${functions[@]}"; do
    read -r output zip <<<"$entry"
    stack_output name "$output"
    function_names+=("$name")
  done
}

deploy() {
  local entry output zip hash key auth_key='' sla_key=''
  for entry in "${functions[@]}"; do
    read -r output zip <<<"$entry"
    [[ -f $dist_dir/$zip.zip ]] || die "$dist_dir/$zip.zip not found: run pnpm build first"
    hash=$(sha256 "$dist_dir/$zip.zip")
    key=$stack_name/$zip/$hash.zip
    case $zip in
      auth-lambda) auth_key=$key ;;
      sla-error-lambda) sla_key=$key ;;
    esac
    run aws s3 cp "$dist_dir/$zip.zip" "s3://$artifact_bucket/$key" --no-progress --region "$region"
  done

  local parameters=("CodeBucket=$artifact_bucket" "AuthCodeKey=$auth_key" "SlaErrorCodeKey=$sla_key")
  [[ -z $stage ]] || parameters+=("Stage=$stage")
  # ${a[@]+...}: an empty array under `set -u` on bash 3.2 (macOS)
  parameters+=(${extra_parameters[@]+"${extra_parameters[@]}"})
  run aws cloudformation deploy --template-file "$template" --stack-name "$stack_name" \
    --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset \
    --parameter-overrides "${parameters[@]}" --region "$region"

  read_function_names
  local i name version
  for i in "${!functions[@]}"; do
    read -r output zip <<<"${functions[$i]}"
    name=${function_names[$i]}
    capture version "<$zip-version>" aws lambda update-function-code --function-name "$name" \
      --zip-file "fileb://$dist_dir/$zip.zip" --publish --query Version --output text --region "$region"
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
  read_function_names
  local i output zip name versions previous targets=()
  for i in "${!functions[@]}"; do
    read -r output zip <<<"${functions[$i]}"
    name=${function_names[$i]}
    capture versions '<versions>' aws lambda list-versions-by-function --function-name "$name" \
      --query 'Versions[].Version' --output text --region "$region"
    if [[ $dry_run == true ]]; then
      previous="<$zip-previous-version>"
    else
      # the numbered versions, newest first (the list also holds $LATEST)
      previous=$(tr -s '[:space:]' '\n' <<<"$versions" | grep -E '^[0-9]+$' | sort -rn | sed -n 2p || true)
      [[ -n $previous ]] || die "$name has fewer than two published versions: nothing to roll back to"
    fi
    targets+=("$previous")
  done
  for i in "${!functions[@]}"; do
    name=${function_names[$i]}
    run aws lambda update-alias --function-name "$name" --name "$alias_name" --function-version "${targets[$i]}" \
      --query FunctionVersion --output text --region "$region"
    [[ $dry_run == true ]] || echo "deploy.sh: $name: $alias_name -> version ${targets[$i]} (rolled back)" >&2
  done
}

"$mode"
