/** Runs one user action: the page busy while it runs, its failure shown as a readable message. */
import { AuthClientError } from '../client.ts'
import { describeError } from './messages.ts'
import { log, setBusy, showError } from './view.ts'

/**
 * `action` resolves to the line the activity log shows. It returns whether it succeeded, for the
 * flows that go on (or step back) after it.
 */
export async function run(label: string, action: () => Promise<string>): Promise<boolean> {
  showError(null)
  setBusy(true)
  try {
    log(await action())
    return true
  } catch (error) {
    showError(describeError(error))
    log(`${label} failed: ${error instanceof AuthClientError ? error.code : 'error'}`)
    return false
  } finally {
    setBusy(false)
  }
}

/** Wires a form's submit to `handler`, without the browser's navigation. */
export function onSubmit(form: HTMLFormElement, handler: (submitter: string) => void): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    handler((event.submitter as HTMLButtonElement | null)?.value ?? '')
  })
}
