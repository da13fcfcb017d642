# Background jobs: those that failed their last attempt, for administrators.

admin-jobs = Jobs
jobs-help = Lykta does some work in the background: it publishes scheduled posts, tells people about reviews and sends e-mail. A job that fails is tried again after longer and longer pauses. If its last attempt fails too, it is listed here. You can then retry it (for example once the mail server works again) or discard it. A discarded job does not run, but it is kept.
jobs-pending = { $count ->
    [0] No jobs are waiting to run.
    [one] One job is waiting to run.
   *[other] { $count } jobs are waiting to run.
}
jobs-failed = Failed jobs
jobs-failed-caption = Jobs whose last attempt failed too, newest first
jobs-none = No failed jobs.
jobs-what = Job
jobs-attempts = Attempts
jobs-last-error = Last error
jobs-failed-at = Failed
jobs-decide = Action
jobs-kind-publish_post = Publish a scheduled post
jobs-kind-notify_review = Tell people about a review
jobs-kind-send_mail = Send e-mail
jobs-kind-unknown = Unknown job ({ $kind })
jobs-post = “{ $title }”
jobs-mail = to { $to }, “{ $subject }”
jobs-number = job no. { $id }
jobs-retry = Retry
jobs-discard = Discard
jobs-retried-before = Retried by { $name }
jobs-retried = The job is queued again and will run shortly.
jobs-discarded-now = The job is discarded. It will not run, but it is kept in the list of discarded jobs.
jobs-discarded = Discarded jobs
jobs-discarded-caption = Discarded jobs, newest first
jobs-discarded-by = Discarded by
jobs-discarded-at = Discarded
jobs-error-no-job = Choose a job in the list.
error-job-decided-title = The job was already dealt with
error-job-decided = Someone has already retried or discarded this job. Reload the page to see where things stand.
