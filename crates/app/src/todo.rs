//! What waits for one person: the dashboard's to-do list. Each kind of work
//! is listed only for those the permission table lets do it — reviews for
//! reviewers, "approved, ready to publish" for those who may publish it,
//! one's own drafts sent back with changes requested, comments to moderate
//! and questions to answer with their response-time deadlines, incidents
//! for the communications team, channel requests for those who decide
//! them, the guidelines in force until acknowledged, failed jobs for
//! administrators. (Surveys waiting for one's unit are the survey pages'.)

use crate::{on_blog, on_post, App, Result};
use lykta_domain::workdays::add_working_hours;
use lykta_domain::{
    can, Action, Actor, ChannelStatus, IncidentStatus, PostState, Target, Workflow,
};
use lykta_store::{
    Blog, Channel, Comment, CommentState, GuidelineVersion, Incident, Post, QueueFilter,
};
use serde::Serialize;

/// A comment that waits, with the instant its response-time target runs out.
#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    pub comment: Comment,
    pub due_at: i64,
    pub overdue: bool,
}

/// What waits in one blog.
#[derive(Debug, Clone, Serialize)]
pub struct BlogToDo {
    pub blog: Blog,
    /// In review, for a reviewer (not their own posts).
    pub reviews: Vec<Post>,
    /// Approved and not yet out, for those who may publish them.
    pub ready: Vec<Post>,
    /// One's own posts sent back with changes requested.
    pub changes: Vec<Post>,
    /// Comments waiting for a moderator, oldest first.
    pub comments: Vec<Waiting>,
    /// Readers' questions without the team's answer, oldest first.
    pub questions: Vec<Waiting>,
}

impl BlogToDo {
    fn is_empty(&self) -> bool {
        self.reviews.is_empty()
            && self.ready.is_empty()
            && self.changes.is_empty()
            && self.comments.is_empty()
            && self.questions.is_empty()
    }
}

/// Everything that waits for one person.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ToDo {
    /// Only blogs where something waits.
    pub blogs: Vec<BlogToDo>,
    /// Open incidents (new or being handled), for the team.
    pub incidents: Vec<Incident>,
    /// Channel requests waiting for a decision.
    pub channel_requests: Vec<Channel>,
    /// The guidelines in force, until this person has acknowledged them.
    pub guideline: Option<GuidelineVersion>,
    /// Jobs parked after their last attempt (administrators).
    pub failed_jobs: usize,
}

impl ToDo {
    pub fn is_empty(&self) -> bool {
        self.blogs.is_empty()
            && self.incidents.is_empty()
            && self.channel_requests.is_empty()
            && self.guideline.is_none()
            && self.failed_jobs == 0
    }
}

/// The deadline of a comment received at `received` against a target in
/// working-day hours.
fn waiting(comment: Comment, target_hours: i64, now: i64) -> Waiting {
    let due_at = add_working_hours(comment.created_at, target_hours.max(1));
    Waiting {
        overdue: now > due_at,
        due_at,
        comment,
    }
}

impl App {
    /// What waits for `actor` now.
    pub async fn to_do(&self, actor: &Actor) -> Result<ToDo> {
        let now = self.now();
        let may = |action: Action, target: Target<'_>| can(Some(actor), action, target);
        // Questions are found once for all blogs (the last 30 days).
        let questions: Vec<Comment> = self
            .store
            .comments_needing_attention(now)
            .await?
            .into_iter()
            .filter(|c| c.state == CommentState::Published)
            .collect();
        let mut blogs = Vec::new();
        for blog in self.store.all_blogs().await? {
            if !may(Action::SeeDrafts, on_blog(&blog)) {
                continue;
            }
            let mut todo = BlogToDo {
                reviews: Vec::new(),
                ready: Vec::new(),
                changes: Vec::new(),
                comments: Vec::new(),
                questions: Vec::new(),
                blog,
            };
            for p in self.store.posts_of_blog(todo.blog.id).await? {
                let authors = p.author_ids();
                let own = authors.contains(&actor.user_id);
                let target = on_post(&todo.blog, &p.post, &authors);
                match p.post.workflow {
                    Workflow::InReview if !own && may(Action::ReviewPost, target) => {
                        todo.reviews.push(p.post)
                    }
                    Workflow::Approved
                        if p.post.state == PostState::Draft && may(Action::PublishPost, target) =>
                    {
                        todo.ready.push(p.post)
                    }
                    Workflow::ChangesRequested if own => todo.changes.push(p.post),
                    _ => {}
                }
            }
            if may(Action::ModerateComments, on_blog(&todo.blog)) {
                let queue = self
                    .store
                    .comment_queue(&QueueFilter {
                        blog_ids: &[todo.blog.id],
                        state: Some(CommentState::Pending),
                        before: None,
                    })
                    .await?;
                let target = todo.blog.moderation_hours;
                todo.comments = queue.into_iter().map(|c| waiting(c, target, now)).collect();
            }
            if may(Action::AnswerAsOrganisation, on_blog(&todo.blog)) {
                let target = todo.blog.answer_hours;
                todo.questions = questions
                    .iter()
                    .filter(|c| c.blog_id == todo.blog.id)
                    .map(|c| waiting(c.clone(), target, now))
                    .collect();
            }
            if !todo.is_empty() {
                blogs.push(todo);
            }
        }
        let org = Target::Organisation;
        let incidents = match may(Action::HandleIncidents, org) {
            true => self
                .store
                .incidents(None)
                .await?
                .into_iter()
                .filter(|i| i.status != IncidentStatus::Closed)
                .collect(),
            false => Vec::new(),
        };
        let channel_requests = match may(Action::ManageChannels, org) {
            true => self.store.channels(&[ChannelStatus::Requested]).await?,
            false => Vec::new(),
        };
        let guideline = match self.store.current_guideline().await? {
            Some(g)
                if self
                    .store
                    .guideline_acknowledged_at(g.id, actor.user_id)
                    .await?
                    .is_none() =>
            {
                Some(g)
            }
            _ => None,
        };
        let failed_jobs = match may(Action::ManageJobs, org) {
            true => self.store.dead_jobs(false, 1000).await?.len(),
            false => 0,
        };
        Ok(ToDo {
            blogs,
            incidents,
            channel_requests,
            guideline,
            failed_jobs,
        })
    }
}
