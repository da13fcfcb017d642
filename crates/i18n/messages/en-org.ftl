# The organisation's side: the channel inventory as a spreadsheet, the survey, check questions, managers.

channels-export = Download as CSV
channels-file-name = channels
channels-import = Import channels from a spreadsheet
channels-import-help = Save the spreadsheet as CSV (semicolons or commas, UTF-8 or Excel's usual encoding all work). Rows whose address is already in the inventory update that channel; the others are added. You first see what will be added and changed, and nothing is saved until you confirm. If there is a single problem nothing is saved, and every problem is shown with its row and column.
channels-import-columns = Columns (in any order; platform, name and address are required):
channels-import-file = CSV file
channels-import-submit = Import
channels-import-nothing = Nothing has been saved.
channels-import-done = Done: { $added ->
        [one] 1 channel added
       *[other] { $added } channels added
    }, { $updated } updated, { $unchanged } unchanged.
channels-import-added = Added
channels-import-updated = Updated
channels-import-read-as = The file was read as { $encoding }, { $delimiter }, { $rows } rows.
delimiter-semicolon = separated by semicolons
delimiter-comma = separated by commas
delimiter-tab = separated by tabs
import-problem = Row { $row }, column “{ $column }”:
import-more-problems = … and { $count } more problems.
error-import-platform = Unknown platform. Use for example Facebook, Instagram, LinkedIn, X, YouTube, TikTok, Mastodon, Bluesky, Website, Newsletter or Other.
error-import-unit = There is no unit by that name. Add the unit under Organisation first, or correct the name.
error-import-person = Nobody in Lykta has that e-mail address.
error-import-status = Unknown status. Use Active, Paused, Closed, Requested or Declined.
error-import-date = The date cannot be read. Write it as YYYY-MM-DD.
error-import-duplicate-url = The same address is already on row { $value }.
error-table-empty = The file is empty.
error-table-too-large = The file is larger than 1 MB. Split it up.
error-table-too-many-rows = The file has more than 5,000 rows. Split it up.
error-table-malformed = Row { $row } cannot be read: { $message }
error-table-missing-column = The column “{ $column }” is missing from the first row.
error-table-unknown-column = The column “{ $column }” is not one we know. Remove or rename it.
error-table-duplicate-column = The column “{ $column }” appears twice.
error-table-no-rows = The file has no rows besides the header.
channel-guidelines = Guidelines acknowledged
channel-guidelines-version = version { $number }
health-guidelines-not-acknowledged = Not every responsible person has acknowledged the guidelines in force.
error-channel-url-taken-title = The address is already there
unit-managers = Managers
unit-managers-of = Managers of { $unit }
unit-managers-help = A manager follows their unit: who has read and acknowledged the guidelines, the unit's survey answers, and can download it as CSV.
guidelines-my-units = Your unit
guideline-unit-people = People in the unit
guideline-unit-names = Names
guideline-questions = Check questions (optional)
guideline-questions-hint = One question per paragraph, with a blank line between. The first line is the question; each answer on its own line starting with -, the right one with *. At most 10 questions with 2–6 answers each.
quiz-problem-at = Question { $number }:
error-quiz-too-many = At most 10 check questions.
error-quiz-no-question = Start with the question, and write the answers on the lines below.
error-quiz-long = The question is longer than 300 characters.
error-quiz-line = Every line under the question must be an answer starting with - or *.
error-quiz-answer = An answer is empty or longer than 200 characters.
error-quiz-answers = Write between two and six answers.
error-quiz-right = Mark exactly one right answer with *.
guideline-quiz-intro = Answer the questions before you acknowledge. They show whether anything in the guidelines is unclear.
guideline-quiz-wrong = Some answers were not right. Read the section again and answer again.
guideline-quiz-missing = Answer every question.
guideline-quiz-not-right = Not quite – read again and choose again.
guideline-quiz-stats = The check questions
guideline-question = Question
guideline-quiz-answered = Answered
guideline-quiz-wrong-once = Got it wrong at least once
admin-surveys = Surveys
surveys-help = Ask the units which services they have tried, for what and with what result. The answers are shown per unit, next to the unit's channels in the inventory.
surveys-mine = To answer for your unit
surveys-mine-none = No open surveys for your unit.
surveys-all = All surveys
surveys-none = No surveys yet.
survey-new = Send a new survey
survey-default-title = Which services have you tried?
survey-default-intro = Which social media and other services has your unit tried, for what, and with what result? Include those you have stopped using.
survey-intro = Introduction
survey-units = Units that get the survey
survey-closes-on = Last day to answer
survey-closes-hint = Optional. The survey takes answers until the end of that day.
survey-send = Send the survey
survey-closes = last day { $date }
survey-answered = Answered
survey-answered-of = { $answered } of { $units } units have answered
survey-sent = Sent
survey-state-open = Open
survey-state-closed = Closed
survey-close = Close the survey
survey-summary = Services the units have tried
survey-service = Service
survey-units-tried = Units
survey-result = Result
survey-result-good = Worked well
survey-result-mixed = Mixed
survey-result-poor = Did not work
survey-result-unknown = Too early to say
survey-used-for = For what
survey-comment = Comment
survey-row = Service { $number }
survey-no-answers = No answers yet.
survey-their-answer = The unit's answer
survey-answered-by = Last saved by { $name }, { $date }.
survey-tried-nothing = The unit has not tried any services.
survey-not-answered = Not answered yet.
survey-not-in-inventory = Not in the channel inventory.
survey-their-channels = The unit's channels in the inventory
survey-no-channels = No channels.
survey-saved = The answer is saved. Everyone in the unit can see and change it until the survey closes.
survey-is-closed = The survey is closed and takes no more answers.
survey-answer-help = One row per service. Empty rows are not saved; save to get more empty rows. The unit has one shared answer.
survey-save = Save the answer
mail-survey-subject = Survey: { $title } ({ $unit })
mail-survey-body = Hello,

    The communications team would like to know which services { $unit } has tried.

    { $intro }

    Answer here: { $url }
error-survey-units = Choose at least one unit.
error-survey-closes = The last day to answer has already passed.
error-survey-result = Choose a result from the list.
error-survey-rows = At most 30 services in one answer.
error-survey-closed-title = The survey is closed
error-survey-closed = The survey no longer takes answers.
error-stale-survey-title = Someone else has saved
error-stale-survey = Someone else in the unit saved the answer while you were writing. Your text is still in the form but was not saved. Their version is shown below. Carry over what you want to keep and save again.
incident-files = Screenshots
incident-files-none = No screenshots yet.
incident-files-later = You add screenshots on the next page, once the incident is reported.
incident-file = Screenshot
incident-file-hint = JPEG, PNG, WebP or GIF, at most 10 MB. The image is saved again without metadata and is seen only by you and the communications team.
incident-file-description = What the image shows
incident-file-add = Add the screenshot
error-incident-files-full-title = No more screenshots
error-incident-files-full = An incident can have at most 10 screenshots.
error-no-such-person-title = Unknown person
error-file-corrupt-title = The image cannot be read
survey-remind = Remind units that have not answered
survey-reminded = { $count ->
    [0] No new reminders: those who have not answered were already reminded today.
    [one] One reminder is being sent.
   *[other] { $count } reminders are being sent.
}
mail-survey-reminder-subject = Reminder: { $title } ({ $unit })
survey-nobody-to-ask = Nobody in Lykta belongs to this unit, so nobody has received the survey. Ask the unit some other way, or add people and a manager.
dashboard-to-do = To do
dashboard-acknowledge = Read and acknowledge { $title }, version { $number }
dashboard-survey = Answer the survey “{ $title }” for { $unit }
