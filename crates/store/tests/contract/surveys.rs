//! The inventory survey: one answer per unit, its rows replaced on each save,
//! a stale save refused, and a survey closed once.

use crate::{fresh, person, seed};
use lykta_domain::SurveyId;
use lykta_domain::{Role, SurveyResult};
use lykta_store::testing::backends;
use lykta_store::*;

fn answer(service: &str, result: SurveyResult) -> SurveyAnswer {
    SurveyAnswer {
        response_id: 0,
        service: service.into(),
        used_for: "Rekrytering".into(),
        result,
        comment: String::new(),
    }
}

#[tokio::test]
async fn surveys_are_answered_once_per_unit_with_optimistic_saves() {
    for backend in backends() {
        eprintln!("surveys on {backend:?}");
        let (store, _dir) = fresh(backend).await;
        let (anna, _, _) = seed(&store).await;
        let bo = person(&store, "bo@example.org", Role::Employee).await;
        let xray = store.create_unit("rontgen", "Röntgen", 1).await.unwrap();
        let care = store.create_unit("akuten", "Akuten", 1).await.unwrap();
        let id = store
            .create_survey(
                &NewSurvey {
                    title: "Vilka tjänster?",
                    intro: "",
                    closes_at: Some(1000),
                    unit_ids: &[xray, care],
                },
                anna,
                10,
            )
            .await
            .unwrap();
        let s = store.survey(id).await.unwrap();
        assert_eq!((s.units, s.answered, s.state.as_str()), (2, 0, "open"));
        assert!(s.is_open(999) && !s.is_open(1000));
        let units: Vec<String> = store
            .survey_units(id)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(units, ["Akuten", "Röntgen"], "by name");

        // The first save is based on "no answer yet" (0).
        store
            .save_survey_response(
                id,
                xray,
                0,
                &[
                    answer("Instagram", SurveyResult::Good),
                    answer("TikTok", SurveyResult::Poor),
                ],
                anna,
                20,
            )
            .await
            .unwrap();
        let err = store
            .save_survey_response(id, xray, 0, &[answer("X", SurveyResult::Mixed)], bo, 21)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion { current: 1 }),
            "{err:?}"
        );
        let r = store.survey_responses(id).await.unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].unit_id, r[0].version, r[0].updated_at), (xray, 1, 20));
        assert_eq!(r[0].updated_by_name.as_deref(), Some("Anna"));
        let services: Vec<&str> = r[0].answers.iter().map(|a| a.service.as_str()).collect();
        assert_eq!(services, ["Instagram", "TikTok"], "in the order given");

        // A save replaces the rows; one based on an old version is refused.
        store
            .save_survey_response(
                id,
                xray,
                1,
                &[answer("Facebook", SurveyResult::Mixed)],
                bo,
                30,
            )
            .await
            .unwrap();
        let err = store
            .save_survey_response(
                id,
                xray,
                1,
                &[answer("Krock", SurveyResult::Unknown)],
                anna,
                31,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion { current: 2 }),
            "{err:?}"
        );
        let err = store
            .save_survey_response(id, care, 3, &[], anna, 31)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::StaleVersion { current: 0 }),
            "{err:?}"
        );
        let r = store.survey_responses(id).await.unwrap();
        assert_eq!(r[0].version, 2);
        assert_eq!(r[0].updated_by_name.as_deref(), Some("bo"));
        assert_eq!(r[0].answers.len(), 1);
        assert_eq!(
            (r[0].answers[0].service.as_str(), r[0].answers[0].result),
            ("Facebook", SurveyResult::Mixed)
        );
        store
            .save_survey_response(id, care, 0, &[], bo, 40)
            .await
            .unwrap();
        assert_eq!(store.survey(id).await.unwrap().answered, 2);

        store.close_survey(id, 50).await.unwrap();
        let s = store.survey(id).await.unwrap();
        assert_eq!((s.state.as_str(), s.closed_at), ("closed", Some(50)));
        assert!(!s.is_open(51));
        assert!(matches!(
            store.close_survey(id, 51).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            store.close_survey(SurveyId::new(999_999), 51).await,
            Err(StoreError::NotFound)
        ));
        let other = store
            .create_survey(
                &NewSurvey {
                    title: "Nästa",
                    intro: "",
                    closes_at: None,
                    unit_ids: &[],
                },
                anna,
                60,
            )
            .await
            .unwrap();
        let all: Vec<_> = store
            .surveys()
            .await
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(all, [other, id], "newest first");
    }
}
